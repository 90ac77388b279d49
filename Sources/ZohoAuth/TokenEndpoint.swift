import CurlHTTP
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// Requests to and answers from the Zoho accounts server's `/oauth/v2/token` endpoints.
///
/// Parameters go in an `application/x-www-form-urlencoded` body (Zoho rejects JSON bodies with `invalid_client`).
enum TokenEndpoint {
    /// Token requests are small; a stuck accounts server should not hold the file lock for long.
    static let timeout: Double = 30

    /// `POST {accounts}/oauth/v2/token` with the given form fields.
    static func tokenRequest(accountsURL: URL, form: [(String, String)]) -> HTTPRequest {
        formRequest(accountsURL: accountsURL, path: "oauth/v2/token", form: form)
    }

    /// `POST {accounts}/<path>` with the given form fields.
    static func formRequest(accountsURL: URL, path: String, form: [(String, String)]) -> HTTPRequest {
        HTTPRequest(
            method: .post,
            url: endpoint(accountsURL, path),
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            ],
            body: Data(PercentEncoding.form(form).utf8),
            timeout: timeout
        )
    }

    /// `POST {accounts}/oauth/v2/token/revoke?token=…`, as Zoho documents it.
    static func revokeRequest(accountsURL: URL, token: String) -> HTTPRequest {
        let base = endpoint(accountsURL, "oauth/v2/token/revoke").absoluteString
        let url = URL(string: base + "?" + PercentEncoding.form([("token", token)]))!
        return HTTPRequest(method: .post, url: url, headers: ["Accept": "application/json"], timeout: timeout)
    }

    /// `accounts` plus a path, keeping any path prefix the accounts URL already has (a proxy, a test server).
    static func endpoint(_ accountsURL: URL, _ path: String) -> URL {
        var base = accountsURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/" + path)!
    }

    /// The accounts server as `scheme://host[:port]`, for messages: never a path or query.
    static func origin(_ url: URL) -> String {
        let scheme = url.scheme ?? "https"
        let host = url.host ?? "?"
        return url.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// Turns an answer into its JSON object, or into the ``OAuthError`` it stands for.
    ///
    /// Zoho reports some failures with HTTP 200 and an `error` field, so the body is checked before the status.
    static func interpret(
        _ response: HTTPResponse,
        operation: OAuthOperation,
        accountsURL: URL
    ) throws(OAuthError) -> [String: JSONValue] {
        let server = origin(accountsURL)
        let object = (try? JSONParser.parse(response.body))?.objectValue
        if let object, let code = errorCode(in: object) {
            throw error(
                code: code,
                description: object["error_description"]?.stringValue,
                status: response.status,
                operation: operation,
                server: server
            )
        }
        if response.status == 429 { throw .throttled(accountsServer: server, operation: operation) }
        guard (200..<300).contains(response.status) else {
            throw .requestFailed(operation: operation, accountsServer: server, status: response.status, errorCode: nil)
        }
        guard let object else {
            if operation == .revoke { return [:] }
            throw .malformedResponse(
                operation: operation, accountsServer: server, reason: "the body is not a JSON object")
        }
        return object
    }

    /// The access token in a successful grant response.
    ///
    /// `expires_in` is seconds today; older responses sent milliseconds there with the seconds in
    /// `expires_in_sec`, so that key wins and implausibly large values are read as milliseconds.
    static func accessToken(
        in object: [String: JSONValue],
        now: Date,
        operation: OAuthOperation,
        accountsURL: URL
    ) throws(OAuthError) -> AccessToken {
        guard let value = object["access_token"]?.stringValue, !value.isEmpty else {
            throw .malformedResponse(
                operation: operation,
                accountsServer: origin(accountsURL),
                reason: "it holds no access_token"
            )
        }
        var lifetime = seconds(object["expires_in_sec"]) ?? seconds(object["expires_in"]) ?? 3600
        if lifetime > 86_400 { lifetime /= 1000 }
        let apiDomain = object["api_domain"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return AccessToken(value: value, expiresAt: TokenDate.expiry(after: lifetime, from: now), apiDomain: apiDomain)
    }

    // MARK: - Helpers

    static func seconds(_ value: JSONValue?) -> Int? {
        switch value {
        case .number(let number)?: number.intValue ?? Int(number.doubleValue.rounded(.down))
        case .string(let text)?: Int(text) ?? Double(text).map { Int($0.rounded(.down)) }
        default: nil
        }
    }

    private static func errorCode(in object: [String: JSONValue]) -> String? {
        switch object["error"] {
        case .string(let code)?: code.isEmpty ? nil : code
        case .null?, nil: nil
        default: "unexpected error value"
        }
    }

    private static func error(
        code: String,
        description: String?,
        status: Int,
        operation: OAuthOperation,
        server: String
    ) -> OAuthError {
        let lowered = code.lowercased()
        let tooMany = description?.lowercased().contains("too many requests") ?? false
        if operation == .deviceToken, !tooMany {
            switch lowered {
            case "invalid_code", "expired_token", "expired": return .deviceCodeExpired(accountsServer: server)
            case "access_denied", "access denied": return .accessDenied(accountsServer: server)
            default: break
            }
        }
        switch lowered {
        case "invalid_code":
            return operation == .authorizationCode
                ? .authorizationCodeRejected(accountsServer: server)
                : .refreshTokenRejected(accountsServer: server)
        case "invalid_client", "invalid_client_secret":
            return .invalidClient(accountsServer: server)
        case "access denied", "access_denied":
            return .throttled(accountsServer: server, operation: operation)
        default:
            if tooMany || status == 429 { return .throttled(accountsServer: server, operation: operation) }
            return .requestFailed(
                operation: operation, accountsServer: server, status: status, errorCode: safeCode(code))
        }
    }

    /// Zoho's error codes are short words; anything else is not repeated, in case it echoes a parameter.
    private static func safeCode(_ code: String) -> String? {
        let allowed = code.unicodeScalars.allSatisfy {
            (("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                || $0 == "_" || $0 == " " || $0 == "-" || $0 == ".")
        }
        return allowed && code.count <= 64 ? code : nil
    }
}
