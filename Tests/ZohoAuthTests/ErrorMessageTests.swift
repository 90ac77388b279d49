import Foundation
import Testing
import ZohoAuth

@Suite struct ErrorMessageTests {
    static let server = "https://accounts.zoho.eu"

    /// One value of every error case, paired with the settings its message must point at.
    static let samples: [(any SettingAwareError, [ConfigurationSetting], advises: Bool)] = [
        (TokenStoreError.corrupt(path: "/t.json", reason: "it is empty"), [], true),
        (TokenStoreError.unreadable(path: "/t.json", reason: "Permission denied"), [], true),
        (TokenStoreError.unwritable(path: "/t.json", reason: "Read-only file system"), [.tokenFile], false),
        (TokenStoreError.lockFailed(path: "/t.json.lock", reason: "Permission denied"), [.tokenFile], false),
        (OAuthError.missingCredentials(path: "/t.json"), [.refreshToken], true),
        (OAuthError.incompleteCredentials(path: "/t.json", missingKeys: ["client_secret"]), [], true),
        (
            OAuthError.incompleteCredentialSettings(missing: [.refreshToken]),
            [.clientID, .clientSecret, .refreshToken], false
        ),
        (OAuthError.missingClient(path: "/t.json"), [.clientID, .clientSecret], false),
        (OAuthError.refreshTokenRejected(accountsServer: server), [.region], true),
        (OAuthError.authorizationCodeRejected(accountsServer: server), [.region], false),
        (OAuthError.invalidClient(accountsServer: server), [.clientID, .clientSecret, .region], false),
        (OAuthError.throttled(accountsServer: server, operation: .refresh), [], false),
        (
            OAuthError.requestFailed(operation: .revoke, accountsServer: server, status: 500, errorCode: nil),
            [], true
        ),
        (
            OAuthError.malformedResponse(operation: .refresh, accountsServer: server, reason: "no body"),
            [.region, .accountsURL], false
        ),
        (OAuthError.noRefreshTokenReturned(accountsServer: server), [], false),
        (OAuthError.deviceCodeExpired(accountsServer: server), [], false),
        (OAuthError.accessDenied(accountsServer: server), [], false),
        (
            OAuthError.transport(operation: .refresh, accountsServer: server, underlying: CancellationError()),
            [.region, .accountsURL], false
        ),
        (UnknownRegionError(name: "uk"), [.region], false),
    ]

    @Test("Neutral descriptions name no program's variables, flags or commands")
    func neutralWording() {
        for (error, _, _) in Self.samples {
            for word in programWords {
                #expect(!error.description.contains(word), "\(error.description)")
            }
            #expect(!error.description.contains("{"), "\(error.description)")
            #expect(error.description == error.message(using: NeutralSettingVocabulary()))
            #expect(error.description.first?.isUppercase == true, "\(error.description)")
        }
    }

    @Test("Messages point at the settings that fix the problem, in the vocabulary's words")
    func settingsNamedThroughVocabulary() {
        let vocabulary = TestVocabulary()
        for (error, settings, advises) in Self.samples {
            let text = error.message(using: vocabulary)
            for setting in settings {
                #expect(text.contains(vocabulary.name(of: setting)), "\(text)")
            }
            #expect(text.contains(TestVocabulary.advice) == advises, "\(text)")
            #expect(text.hasSuffix("."), "\(text)")
        }
    }
}
