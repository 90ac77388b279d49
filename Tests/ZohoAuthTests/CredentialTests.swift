import Foundation
import Testing
import JSONCore
@testable import ZohoAuth

@Suite struct CredentialTests {
    @Test("Environment credentials are all or nothing, and trimmed")
    func fromEnvironment() throws {
        #expect(try OAuthClientCredentials.fromEnvironment([:]) == nil)
        let credentials = try OAuthClientCredentials.fromEnvironment([
            "ZOHO_CLIENT_ID": " id ", "ZOHO_CLIENT_SECRET": "secret\n", "ZOHO_REFRESH_TOKEN": "refresh",
        ])
        #expect(credentials == OAuthClientCredentials(clientID: "id", clientSecret: "secret", refreshToken: "refresh"))
        let error = try #require(throws: OAuthError.self) {
            try OAuthClientCredentials.fromEnvironment([
                "ZOHO_REFRESH_TOKEN": Secret.refreshToken, "ZOHO_CLIENT_ID": "",
            ])
        }
        guard case .incompleteCredentialSettings(let missing) = error else {
            Issue.record("expected .incompleteCredentialSettings, got \(error)")
            return
        }
        #expect(missing == [.clientID, .clientSecret])
        let text = error.message(using: TestVocabulary())
        #expect(text.hasPrefix("{clientID} and {clientSecret} are not set"))
        #expect(text.contains("{clientID}, {clientSecret} and {refreshToken}"))
        #expect(error.description.hasPrefix("The client ID setting and the client secret setting are not set"))
        #expect(!text.contains(Secret.refreshToken))
    }

    @Test("Credentials from plain setting values are all or nothing, and trimmed")
    func fromSettings() throws {
        #expect(try OAuthClientCredentials.fromSettings(clientID: nil, clientSecret: " ", refreshToken: "") == nil)
        let credentials = try OAuthClientCredentials.fromSettings(
            clientID: "id", clientSecret: "\tsecret", refreshToken: "refresh ")
        #expect(credentials == OAuthClientCredentials(clientID: "id", clientSecret: "secret", refreshToken: "refresh"))
        let error = try #require(throws: OAuthError.self) {
            try OAuthClientCredentials.fromSettings(clientID: "id", clientSecret: "secret", refreshToken: nil)
        }
        #expect(error.message(using: TestVocabulary()).hasPrefix("{refreshToken} is not set, but"))
    }

    @Test("Descriptions of credentials and tokens never show secrets")
    func redactedDescriptions() {
        let token = AccessToken(value: "at-secret", expiresAt: Date(timeIntervalSince1970: 0), apiDomain: nil)
        for text in [
            "\(Secret.credentials)", String(reflecting: Secret.credentials), "\(token)", "\(Secret.credentials.client)",
        ] {
            #expect(!text.contains(Secret.clientSecret))
            #expect(!text.contains(Secret.refreshToken))
            #expect(!text.contains("at-secret"))
        }
        #expect("\(token)".contains("1970-01-01T00:00:00Z"))
        #expect(token.authorizationHeaderValue == "Zoho-oauthtoken at-secret")
    }

    @Test("Older answers with expires_in in milliseconds and expires_in_sec are read as seconds")
    func legacyExpiry() throws {
        let now = Date(timeIntervalSince1970: 1_000.7)
        let object: [String: JSONValue] = [
            "access_token": .string("x"), "expires_in": .int(3_600_000), "expires_in_sec": .int(3600),
        ]
        let token = try TokenEndpoint.accessToken(in: object, now: now, operation: .refresh, accountsURL: euAccounts)
        #expect(token.expiresAt == Date(timeIntervalSince1970: 4600))
    }
}
