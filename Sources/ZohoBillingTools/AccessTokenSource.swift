/// Supplies OAuth access tokens; the real one is ZohoAuth's `OAuthSession`, the sandbox uses a fixed token.
package protocol AccessTokenSource: Sendable {
    /// A token that is fresh enough to use now.
    func accessToken() async throws -> String
    /// A token to use after Zoho rejected `rejected` with HTTP 401; refreshes at most once.
    func accessToken(replacing rejected: String) async throws -> String
}
