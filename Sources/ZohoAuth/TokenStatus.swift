#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.Date
#else
    public import struct Foundation.Date
#endif
#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.URL
#else
    public import struct Foundation.URL
#endif

/// What a status report shows: where credentials come from, which accounts server they go to and how long the
/// token lasts. Holds no secrets.
public struct TokenStatus: Sendable, Hashable {
    /// Where the credentials used for the next refresh come from.
    public enum CredentialSource: String, Sendable, Hashable {
        /// The token file.
        case file
        /// Credentials the program was configured with (stored in the file on first use).
        case environment
        /// Nowhere: sign-in is needed.
        case none
    }

    /// The token file path.
    public var path: String
    /// Whether the token file exists.
    public var fileExists: Bool
    /// Where the credentials come from.
    public var credentialSource: CredentialSource
    /// The OAuth client ID in use (never the secret).
    public var clientID: String?
    /// When the stored access token expires, if one is stored and still belongs to the refresh token in use.
    public var accessTokenExpiresAt: Date?
    /// The API domain Zoho returned with the last token.
    public var apiDomain: String?
    /// The accounts server the next refresh goes to.
    public var accountsURL: URL
    /// The scopes recorded at sign-in (empty when the credentials came some other way).
    public var scopes: [String]
    /// The accounts server the token file records for its refresh token, whatever the settings say.
    public var recordedAccountsURL: URL?

    /// Whether any credentials are available.
    public var hasCredentials: Bool { credentialSource != .none }

    /// Creates a value from its parts.
    public init(
        path: String,
        fileExists: Bool,
        credentialSource: CredentialSource,
        clientID: String?,
        accessTokenExpiresAt: Date?,
        apiDomain: String?,
        accountsURL: URL,
        scopes: [String] = [],
        recordedAccountsURL: URL? = nil
    ) {
        self.path = path
        self.fileExists = fileExists
        self.credentialSource = credentialSource
        self.clientID = clientID
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.apiDomain = apiDomain
        self.accountsURL = accountsURL
        self.scopes = scopes
        self.recordedAccountsURL = recordedAccountsURL
    }
}
