import Foundation
import JSONCore
import TestSupport

/// A Zoho that serves fixed rows in small pages from a loopback HTTP server, so that a report's right answer can
/// be worked out by hand and its reads (pages, filters, requests after a cancel) counted.
///
/// It is deliberately simple: `filter_by` on subscriptions maps to a status, `customer_id` and `subscription_id`
/// keep rows whose field of that name matches, `sort_column=date&sort_order=D` sorts newest first, and every other
/// filter is ignored (so a report must still check what it reads).
struct CannedZoho: Sendable {
    /// Rows per list path (`/invoices`), in the order served.
    var lists: [String: [JSONValue]]
    /// Rows per page, whatever `per_page` asks for: small pages make several pages out of a few rows.
    var pageSize = 3
    /// How long each API answer takes.
    var delay: Duration = .zero
    /// Lists that never end: they repeat their rows and always say more pages exist.
    var endless: Set<String> = []
    /// Whether `sort_column=date&sort_order=D` is applied (and echoed in `page_context`) or ignored.
    var sortsByDate = true

    static let subscriptionStatuses: [String: String] = [
        "LIVE": "live", "NON_RENEWING": "non_renewing", "TRIAL": "trial", "PAST_DUE": "dunning", "UNPAID": "unpaid",
        "CANCELLED": "cancelled", "CANCELLED_FROM_DUNNING": "cancelled_from_dunning", "FUTURE": "future",
    ]

    /// Starts the server, runs `body` with it, and stops it.
    func with<T>(_ body: (FakeHTTPServer) async throws -> T) async throws -> T {
        let canned = self
        return try await FakeHTTPServer.with(handler: { request in try await canned.answer(request) }, body)
    }

    func answer(_ request: ReceivedRequest) async throws -> CannedResponse {
        if request.path.hasSuffix("/oauth/v2/token") {
            return .text(
                #"{"access_token":"1000.canned-access-token","api_domain":"http://127.0.0.1","#
                    + #""token_type":"Bearer","expires_in":3600}"#, headers: ["Content-Type": "application/json"])
        }
        let resource = String(request.path.dropFirst("/billing/v1".count))
        guard request.path.hasPrefix("/billing/v1/"), var rows = lists[resource] else {
            return .text(#"{"code":5,"message":"Invalid URL."}"#, status: 404)
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        if let filter = request.query["filter_by"], filter.hasPrefix("SubscriptionStatus."),
            filter != "SubscriptionStatus.All"
        {
            let status = Self.subscriptionStatuses[String(filter.dropFirst("SubscriptionStatus.".count))] ?? filter
            rows = rows.filter { $0["status"]?.stringValue == status }
        }
        for field in ["customer_id", "subscription_id"] {
            if let wanted = request.query[field] { rows = rows.filter { $0[field]?.stringValue == wanted } }
        }
        let sortedByDate =
            sortsByDate && request.query["sort_column"] == "date" && request.query["sort_order"] == "D"
        if sortedByDate {
            rows.sort { ($0["date"]?.stringValue ?? "") > ($1["date"]?.stringValue ?? "") }
        }
        let page = Int(request.query["page"] ?? "1") ?? 1
        let isEndless = endless.contains(resource)
        var slice: [JSONValue] = []
        for index in (page - 1) * pageSize..<page * pageSize {
            if isEndless, !rows.isEmpty {
                slice.append(rows[index % rows.count])
            } else if index < rows.count {
                slice.append(rows[index])
            }
        }
        let key = String(resource.dropFirst())
        let body: JSONValue = [
            "code": 0, "message": "success", key: .array(slice),
            "page_context": [
                "page": .int(page), "per_page": .int(pageSize),
                "has_more_page": .bool(isEndless || rows.count > page * pageSize),
                "sort_column": .string(sortedByDate ? "date" : "created_time"),
                "sort_order": "D",
            ],
        ]
        return .text(body.serialized(), headers: ["Content-Type": "application/json"])
    }

    /// The binary's settings for talking to this server with a private token file.
    static func environment(port: UInt16, directory: URL) -> [String: String] {
        [
            "ZOHO_API_BASE_URL": "http://127.0.0.1:\(port)/billing/v1",
            "ZOHO_ACCOUNTS_URL": "http://127.0.0.1:\(port)",
            "ZOHO_TOKEN_FILE": directory.appending(path: "tokens.json").path,
            "ZOHO_CLIENT_ID": "1000.CANNEDCLIENT", "ZOHO_CLIENT_SECRET": "canned-secret",
            "ZOHO_REFRESH_TOKEN": "1000.canned-refresh", "ZOHO_ORGANIZATION_ID": "777", "HOME": directory.path,
            // Reports here read up to 250 pages in seconds; Zoho's 100 a minute would stretch that to minutes.
            // The limiter has tests of its own.
            "ZOHO_MCP_RATE_LIMIT": "off",
        ]
    }
}

extension JSONValue {
    /// A row built from text pairs; values that read as JSON numbers become exact numbers.
    static func row(_ pairs: KeyValuePairs<String, String>) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in pairs {
            if let number = JSONNumber(text: value), !key.hasSuffix("_id") {
                members[key] = .number(number)
            } else {
                members[key] = .string(value)
            }
        }
        return .object(members)
    }

    /// The element of an array whose `key` is `value`.
    func element(where key: String, is value: String) -> JSONValue? {
        arrayValue?.first { $0[key]?.stringValue == value }
    }

    /// A number member as its exact text.
    func number(_ key: String) -> String? { self[key]?.numberValue?.text }
}
