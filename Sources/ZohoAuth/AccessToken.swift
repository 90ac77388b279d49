#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.Date
#else
    public import struct Foundation.Date
#endif

/// A Zoho access token and when it stops working.
///
/// Send it as `Authorization: Zoho-oauthtoken <value>` (see ``authorizationHeaderValue``). The description never
/// shows the token, so the value is safe to interpolate into logs.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bearer token itself.
    public var value: String
    /// When Zoho stops accepting it.
    public var expiresAt: Date
    /// The API domain Zoho returned with it, e.g. `https://www.zohoapis.eu`; API calls belong there.
    public var apiDomain: String?

    /// Creates a value from its parts.
    public init(value: String, expiresAt: Date, apiDomain: String?) {
        self.value = value
        self.expiresAt = expiresAt
        self.apiDomain = apiDomain
    }

    /// The value of the `Authorization` header in Zoho's required format.
    public var authorizationHeaderValue: String { "Zoho-oauthtoken \(value)" }

    /// A one-line summary for logs and messages; never shows a secret.
    public var description: String {
        "AccessToken(<redacted>, expiresAt: \(TokenDate.format(expiresAt)), apiDomain: \(apiDomain ?? "none"))"
    }

    /// The same as ``description``, so debug output never shows a secret either.
    public var debugDescription: String { description }
}
