import Foundation
import Testing
import ZohoEmulator

/// 2025-06-15 10:00 in Los Angeles, so seed dates and overdue checks are the same on every run.
let fixedNow = Date(timeIntervalSince1970: 1_750_006_800)
let demoOrganization = "20071234"

/// A parsed emulator answer.
struct Reply {
    let status: Int
    let headers: [String: String]
    let text: String
    let json: [String: Any]

    init(_ response: EmulatorResponse) {
        status = response.status
        headers = response.headers
        text = response.text
        json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
    }

    /// The envelope's `code`.
    var code: Int? { json["code"] as? Int }
    /// The envelope's `message`.
    var message: String { json["message"] as? String ?? "" }
    /// An object under `key`.
    func object(_ key: String) -> [String: Any] { json[key] as? [String: Any] ?? [:] }
    /// An array of objects under `key`.
    func list(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
    /// The `page_context` object.
    var pageContext: [String: Any] { object("page_context") }
}

/// An emulator plus a valid token, with helpers to call the Billing API the way a client does.
struct Harness {
    let emulator: ZohoEmulator
    let token: String

    init(configuration: EmulatorConfiguration = EmulatorConfiguration(now: fixedNow)) {
        emulator = ZohoEmulator(configuration: configuration)
        token = emulator.issueAccessToken()
    }

    /// Calls `/billing/v1<path>` with the token and the demo organization header.
    func call(
        _ method: String,
        _ path: String,
        query: [(String, String)] = [],
        json: Any? = nil,
        body: Data? = nil,
        headers: [String: String]? = nil,
        organization: String? = demoOrganization
    ) async -> Reply {
        var allHeaders = headers ?? ["Authorization": "Zoho-oauthtoken \(token)"]
        if let organization { allHeaders["X-com-zoho-subscriptions-organizationid"] = organization }
        var payload = body ?? Data()
        if let json {
            payload = try! JSONSerialization.data(withJSONObject: json)
            allHeaders["Content-Type"] = "application/json"
        }
        let request = EmulatorRequest(
            method: method, path: "/billing/v1" + path,
            query: query.map { EmulatorQueryItem(name: $0.0, value: $0.1) }, headers: allHeaders, body: payload)
        return Reply(await emulator.handle(request))
    }

    /// Posts raw JSON text (for exact-number tests).
    func post(_ path: String, rawJSON: String, query: [(String, String)] = []) async -> Reply {
        await call(
            "POST", path, query: query, body: Data(rawJSON.utf8),
            headers: [
                "Authorization": "Zoho-oauthtoken \(token)", "Content-Type": "application/json",
            ])
    }

    /// The id of the first seeded customer with this display name.
    func customerID(named name: String) async -> String {
        let reply = await call("GET", "/customers", query: [("search_text", name)])
        return reply.list("customers").first?["customer_id"] as? String ?? ""
    }

    /// The first invoice with this status.
    func invoice(status: String) async -> [String: Any] {
        let reply = await call("GET", "/invoices")
        return reply.list("invoices").first { $0["status"] as? String == status } ?? [:]
    }

    /// The first subscription with this status.
    func subscription(status: String) async -> [String: Any] {
        let reply = await call("GET", "/subscriptions")
        return reply.list("subscriptions").first { $0["status"] as? String == status } ?? [:]
    }
}

/// A token request with form-encoded parameters in the body.
func tokenRequest(_ parameters: [String: String], host: String? = "127.0.0.1:8080", inQuery: Bool = false)
    -> EmulatorRequest
{
    let form = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    var headers = ["Content-Type": "application/x-www-form-urlencoded"]
    if let host { headers["Host"] = host }
    if inQuery {
        return EmulatorRequest(method: "POST", path: "/oauth/v2/token?\(form)", headers: headers)
    }
    return EmulatorRequest(method: "POST", path: "/oauth/v2/token", headers: headers, body: Data(form.utf8))
}

/// The standard refresh parameters for the default configuration.
let refreshParameters = [
    "grant_type": "refresh_token", "client_id": "test-client-id", "client_secret": "test-client-secret",
    "refresh_token": "test-refresh-token",
]
