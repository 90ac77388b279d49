@testable import ZohoBillingTools

/// Hands out numbered tokens and counts refreshes.
actor CountingTokens: AccessTokenSource {
    private(set) var refreshes = 0
    private var current = "token-0"

    func accessToken() async throws -> String { current }

    func accessToken(replacing rejected: String) async throws -> String {
        if rejected == current {
            refreshes += 1
            current = "token-\(refreshes)"
        }
        return current
    }
}
