/// The three values that let this program mint access tokens: the OAuth client and a refresh token.
///
/// The description never shows the secret or the refresh token, so the value is safe to interpolate into logs.
public struct OAuthClientCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The client ID from the Zoho API console.
    public var clientID: String
    /// The client secret from the Zoho API console.
    public var clientSecret: String
    /// A long-lived refresh token issued to that client.
    public var refreshToken: String

    /// Creates a value from its parts.
    public init(clientID: String, clientSecret: String, refreshToken: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
    }

    /// The OAuth client part alone.
    public var client: OAuthClient { OAuthClient(id: clientID, secret: clientSecret) }

    /// Reads `ZOHO_CLIENT_ID`, `ZOHO_CLIENT_SECRET` and `ZOHO_REFRESH_TOKEN` and checks them with
    /// ``fromSettings(clientID:clientSecret:refreshToken:)``.
    /// - Returns: nil when none of the three is set.
    /// - Throws: ``OAuthError/incompleteCredentialSettings(missing:)`` when only some are set.
    public static func fromEnvironment(_ environment: [String: String]) throws(OAuthError) -> OAuthClientCredentials? {
        try fromSettings(
            clientID: environment["ZOHO_CLIENT_ID"],
            clientSecret: environment["ZOHO_CLIENT_SECRET"],
            refreshToken: environment["ZOHO_REFRESH_TOKEN"]
        )
    }

    /// Combines three configured values, however the program obtained them, into credentials: all or nothing.
    ///
    /// Surrounding spaces are trimmed, because pasted secrets often carry them and Zoho then answers
    /// `invalid_client`. Empty values count as absent.
    /// - Returns: nil when none of the three is given.
    /// - Throws: ``OAuthError/incompleteCredentialSettings(missing:)`` naming the absent ones when only some are.
    public static func fromSettings(
        clientID: String?,
        clientSecret: String?,
        refreshToken: String?
    ) throws(OAuthError) -> OAuthClientCredentials? {
        let given: [(ConfigurationSetting, String?)] = [
            (.clientID, clientID), (.clientSecret, clientSecret), (.refreshToken, refreshToken),
        ]
        let values = given.map { $0.1.map(trimmed).flatMap { $0.isEmpty ? nil : $0 } }
        let missing = zip(given, values).filter { $0.1 == nil }.map(\.0.0)
        if missing.count == given.count { return nil }
        guard missing.isEmpty else { throw .incompleteCredentialSettings(missing: missing) }
        return OAuthClientCredentials(clientID: values[0]!, clientSecret: values[1]!, refreshToken: values[2]!)
    }

    /// A one-line summary for logs and messages; never shows a secret.
    public var description: String {
        "OAuthClientCredentials(clientID: \(clientID), clientSecret: <redacted>, refreshToken: <redacted>)"
    }

    /// The same as ``description``, so debug output never shows a secret either.
    public var debugDescription: String { description }
}

/// Removes leading and trailing ASCII whitespace without Foundation.
func trimmed(_ text: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isSpace($0) }),
        let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(text[first...last])
}
