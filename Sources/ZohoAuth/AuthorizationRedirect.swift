/// What Zoho's redirect to the loopback listener carried: the code and, for multi-DC clients, the data centre
/// the user belongs to.
public struct AuthorizationRedirect: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The single-use authorization code.
    public var code: String
    /// Zoho's `location` parameter (`us`, `eu`, …), sent when the client has multi-DC enabled.
    public var location: String?
    /// Zoho's `accounts-server` parameter: the accounts server the code must be exchanged at.
    public var accountsServer: String?

    /// Creates a value from its parts.
    public init(code: String, location: String?, accountsServer: String?) {
        self.code = code
        self.location = location
        self.accountsServer = accountsServer
    }

    /// Never shows the code.
    public var description: String {
        "AuthorizationRedirect(code: <redacted>, location: \(location ?? "none"), "
            + "accounts-server: \(accountsServer ?? "none"))"
    }

    /// The same as ``description``, so debug output never shows the code either.
    public var debugDescription: String { description }
}
