/// The keys this module reads and writes in the token file. Any other key is preserved untouched.
enum TokenFileKey {
    static let clientID = "client_id"
    static let clientSecret = "client_secret"
    static let refreshToken = "refresh_token"
    static let accessToken = "access_token"
    static let accessTokenExpiresAt = "access_token_expires_at"
    static let apiDomain = "api_domain"
    static let accountsURL = "accounts_url"
    /// The scopes granted at sign-in, comma-separated.
    static let scope = "scope"

    static let all = [
        clientID, clientSecret, refreshToken, accessToken, accessTokenExpiresAt, apiDomain, accountsURL, scope,
    ]
}
