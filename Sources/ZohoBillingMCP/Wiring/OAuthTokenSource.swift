import ZohoAuth
import ZohoBillingTools

/// Adapts ZohoAuth's session to the client's token protocol.
struct OAuthTokenSource: AccessTokenSource {
    let session: OAuthSession
    /// Learns every access token handed out, so that none can appear in a result, a log or the audit log.
    let redactor: SecretRedactor

    func accessToken() async throws -> String {
        let token = try await CommandLineVocabulary.rewording { try await session.accessToken().value }
        redactor.add(token)
        return token
    }

    func accessToken(replacing rejected: String) async throws -> String {
        let token = try await CommandLineVocabulary.rewording {
            try await session.accessToken(replacing: rejected).value
        }
        redactor.add(token)
        return token
    }
}
