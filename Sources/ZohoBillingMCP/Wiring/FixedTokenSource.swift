import ZohoBillingTools

/// Hands out one fixed token: the sandbox needs no sign-in.
struct FixedTokenSource: AccessTokenSource {
    let token: String

    func accessToken() async throws -> String { token }
    func accessToken(replacing rejected: String) async throws -> String { token }
}
