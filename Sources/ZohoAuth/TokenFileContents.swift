#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// The token file as a JSON object with typed accessors for the known keys.
///
/// Parsing validates the known keys (each must be a string or null, the expiry a date, the accounts URL a URL) so
/// that a hand-edited mistake is reported rather than silently dropped. Unknown keys ride along unchanged.
struct TokenFileContents: Sendable, Equatable {
    private(set) var object: [String: JSONValue]

    init(object: [String: JSONValue] = [:]) {
        self.object = object
    }

    /// Parses and validates file bytes.
    /// - Throws: ``TokenStoreError/corrupt(path:reason:)``.
    static func parse(_ bytes: [UInt8], path: String) throws(TokenStoreError) -> TokenFileContents {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Data(bytes))
        } catch {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                throw .corrupt(path: path, reason: "it is empty")
            }
            throw .corrupt(path: path, reason: "it is not valid JSON (\(error))")
        }
        guard let object = value.objectValue else {
            throw .corrupt(path: path, reason: "it holds a JSON \(value.typeName), not an object")
        }
        for key in TokenFileKey.all {
            switch object[key] {
            case nil, .null?, .string?:
                continue
            case let other?:
                throw .corrupt(path: path, reason: "the value of \"\(key)\" is a JSON \(other.typeName), not a string")
            }
        }
        let contents = TokenFileContents(object: object)
        if let text = contents.string(TokenFileKey.accessTokenExpiresAt), TokenDate.parse(text) == nil {
            throw .corrupt(
                path: path,
                reason: "\"\(TokenFileKey.accessTokenExpiresAt)\" is \"\(text)\", not an ISO-8601 time such as "
                    + "2025-06-01T12:00:00Z"
            )
        }
        if let text = contents.string(TokenFileKey.accountsURL), Self.accountsURL(from: text) == nil {
            throw .corrupt(
                path: path,
                reason: "\"\(TokenFileKey.accountsURL)\" is \"\(text)\", not an http(s) URL such as "
                    + "https://accounts.zoho.com"
            )
        }
        return contents
    }

    /// The file's bytes: pretty, sorted keys, ending in a newline.
    var serialized: [UInt8] {
        Array((JSONValue.object(object).serialized(.pretty) + "\n").utf8)
    }

    // MARK: - Typed access

    /// A known key's string, or nil when absent, null or empty.
    func string(_ key: String) -> String? {
        guard let text = object[key]?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// Sets a key to a string, or removes it when `value` is nil.
    mutating func set(_ key: String, _ value: String?) {
        if let value {
            object[key] = .string(value)
        } else {
            object[key] = nil
        }
    }

    var clientID: String? { string(TokenFileKey.clientID) }
    var clientSecret: String? { string(TokenFileKey.clientSecret) }
    var refreshToken: String? { string(TokenFileKey.refreshToken) }
    var apiDomain: String? { string(TokenFileKey.apiDomain) }
    /// The scopes recorded at sign-in.
    var scopes: [String] { string(TokenFileKey.scope).map(Self.scopeList(from:)) ?? [] }

    /// Scopes as Zoho or a person writes them, separated by commas or spaces.
    static func scopeList(from text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    var accountsURL: URL? {
        string(TokenFileKey.accountsURL).flatMap(Self.accountsURL(from:))
    }

    /// The client and refresh token, when all three are present.
    var credentials: OAuthClientCredentials? {
        guard let clientID, let clientSecret, let refreshToken else { return nil }
        return OAuthClientCredentials(clientID: clientID, clientSecret: clientSecret, refreshToken: refreshToken)
    }

    /// The stored access token, when both the token and its expiry are present.
    var accessToken: AccessToken? {
        guard let value = string(TokenFileKey.accessToken),
            let expiry = string(TokenFileKey.accessTokenExpiresAt).flatMap(TokenDate.parse)
        else { return nil }
        return AccessToken(value: value, expiresAt: expiry, apiDomain: apiDomain)
    }

    /// Stores an access token and its expiry, and the API domain when Zoho sent one.
    mutating func store(_ token: AccessToken) {
        set(TokenFileKey.accessToken, token.value)
        set(TokenFileKey.accessTokenExpiresAt, TokenDate.format(token.expiresAt))
        if let apiDomain = token.apiDomain { set(TokenFileKey.apiDomain, apiDomain) }
    }

    /// Adopts credentials (configured ones or a sign-in) and the accounts server they belong to. A new
    /// refresh token makes the stored access token meaningless, so that is dropped.
    mutating func adopt(_ credentials: OAuthClientCredentials, accountsURL: URL) {
        if refreshToken != credentials.refreshToken {
            set(TokenFileKey.accessToken, nil)
            set(TokenFileKey.accessTokenExpiresAt, nil)
            set(TokenFileKey.scope, nil)
        }
        set(TokenFileKey.clientID, credentials.clientID)
        set(TokenFileKey.clientSecret, credentials.clientSecret)
        set(TokenFileKey.refreshToken, credentials.refreshToken)
        set(TokenFileKey.accountsURL, accountsURL.absoluteString)
    }

    /// Records the accounts server the stored refresh token is sent to, leaving the credentials alone.
    mutating func record(accountsURL: URL) {
        set(TokenFileKey.accountsURL, accountsURL.absoluteString)
    }

    private static func accountsURL(from text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }
}
