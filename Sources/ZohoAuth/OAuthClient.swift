/// An OAuth client registered in the Zoho API console.
public struct OAuthClient: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The client ID.
    public var id: String
    /// The client secret.
    public var secret: String

    /// Creates a value from its parts.
    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// A one-line summary for logs and messages; never shows a secret.
    public var description: String { "OAuthClient(id: \(id), secret: <redacted>)" }

    /// The same as ``description``, so debug output never shows a secret either.
    public var debugDescription: String { description }
}
