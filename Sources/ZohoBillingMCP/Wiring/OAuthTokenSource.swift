import ZohoAuth
import ZohoBillingTools

/// Adapts ZohoAuth's session to the client's token protocol.
struct OAuthTokenSource: AccessTokenSource {
    let session: OAuthSession

    func accessToken() async throws -> String {
        try await CommandLineVocabulary.rewording { try await session.accessToken().value }
    }

    func accessToken(replacing rejected: String) async throws -> String {
        try await CommandLineVocabulary.rewording { try await session.accessToken(replacing: rejected).value }
    }
}
