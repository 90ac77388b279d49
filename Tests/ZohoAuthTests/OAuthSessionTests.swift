import CurlHTTP
import Foundation
import Logging
import TestSupport
import Testing
import ZohoAuth

@Suite struct OAuthSessionTests {
    /// Everything one test needs around a session on `<dir>/tokens.json`.
    struct Harness {
        let directory: String
        let path: String
        let transport: MockHTTPTransport
        let clock: TestClock
        let recorder: LogRecorder

        init(directory: String, transport: MockHTTPTransport = .issuingTokens(), clock: TestClock = TestClock()) {
            self.directory = directory
            self.path = directory + "/tokens.json"
            self.transport = transport
            self.clock = clock
            self.recorder = LogRecorder()
        }

        func session(
            bootstrap: OAuthClientCredentials? = nil,
            label: String = "session",
            accountsURL: URL = euAccounts,
            source: AccountsURLSource = .default
        ) -> OAuthSession {
            OAuthSession(
                tokenFile: path,
                accountsURL: accountsURL,
                accountsURLSource: source,
                transport: transport,
                bootstrap: bootstrap,
                now: clock.now,
                vocabulary: TestVocabulary(),
                logger: recorder.logger(label: label)
            )
        }

        /// The logged lines at warning level.
        var warnings: [String] { recorder.lines.filter { $0.hasPrefix("warning ") } }

        /// Fails the test if any log line holds a secret or one of `tokens`.
        func expectCleanLogs(tokens: [String] = []) {
            for line in recorder.lines {
                for secret in Secret.all + tokens {
                    #expect(!line.contains(secret), "log line leaks a secret: \(line)")
                }
            }
        }
    }

    // MARK: - Request shape and file contents

    @Test("A refresh is a form POST to the accounts server with every field percent-encoded")
    func refreshRequestShape() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText())
            let token = try await harness.session().accessToken()

            #expect(token.value == "at-1")
            #expect(token.apiDomain == "https://www.zohoapis.eu")
            #expect(token.expiresAt == harness.clock.date.addingTimeInterval(3600))
            let request = try #require(harness.transport.requests.first)
            #expect(harness.transport.requests.count == 1)
            #expect(request.method == .post)
            #expect(request.url.absoluteString == "https://accounts.zoho.eu/oauth/v2/token")
            #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
            #expect(request.headers["Accept"] == "application/json")
            #expect(request.url.query == nil)
            #expect(
                request.formFields == [
                    "grant_type": "refresh_token",
                    "client_id": Secret.clientID,
                    "client_secret": Secret.clientSecret,
                    "refresh_token": Secret.refreshToken,
                ]
            )
            #expect(request.bodyText.contains("client_secret=s3cr3t%2B%2F%3D%20%26value"))
            #expect(harness.recorder.lines.contains { $0.contains("refreshed access token") })
            harness.expectCleanLogs(tokens: ["at-1"])
        }
    }

    @Test("After a refresh the file keeps the credentials and unknown keys, is 0600, and no temporary file remains")
    func fileAfterRefresh() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            let original =
                #"{"client_id":"\#(Secret.clientID)","client_secret":"s3cr3t+/= &value","#
                + #""refresh_token":"\#(Secret.refreshToken)","note":"keep me","#
                + #""nested":{"amount":19.99,"list":[1,"two"]}}"#
            try writeFile(harness.path, original, mode: 0o644)
            _ = try await harness.session().accessToken()

            let object = try readObject(harness.path)
            #expect(object["client_id"] as? String == Secret.clientID)
            #expect(object["client_secret"] as? String == Secret.clientSecret)
            #expect(object["refresh_token"] as? String == Secret.refreshToken)
            #expect(object["access_token"] as? String == "at-1")
            #expect(
                object["access_token_expires_at"] as? String == isoString(harness.clock.date.addingTimeInterval(3600)))
            #expect(object["api_domain"] as? String == "https://www.zohoapis.eu")
            #expect(object["note"] as? String == "keep me")
            let text = try String(contentsOfFile: harness.path, encoding: .utf8)
            #expect(text.contains(#""amount": 19.99"#))
            #expect(try permissions(harness.path) == 0o600)
            #expect(try permissions(harness.path + ".lock") == 0o600)
            #expect(try directoryEntries(directory) == ["tokens.json", "tokens.json.lock"])
        }
    }

    @Test("A token file that is a symbolic link is refused; neither it nor its target is read, changed or chmod-ed")
    func symbolicLinkIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            let target = directory + "/elsewhere.json"
            try writeFile(target, tokenFileText(["note": "kept"]))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target)
            try FileManager.default.createSymbolicLink(atPath: harness.path, withDestinationPath: target)
            let error = await #expect(throws: TokenStoreError.self) {
                _ = try await harness.session(bootstrap: Secret.credentials).accessToken()
            }
            #expect(error?.message(using: TestVocabulary()).contains("symbolic link") == true)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: harness.path) == target)
            #expect(try permissions(target) == 0o644, "the link's target keeps its mode")
            #expect(try readObject(target)["access_token"] == nil)
            #expect(harness.transport.requests.isEmpty)
        }
    }

    @Test("A symbolic link in place of the lock file is refused, and its target left alone")
    func symbolicLockIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText([:]))
            let target = directory + "/victim"
            try writeFile(target, "{}")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target)
            try FileManager.default.createSymbolicLink(atPath: harness.path + ".lock", withDestinationPath: target)
            await #expect(throws: TokenStoreError.self) {
                _ = try await harness.session(bootstrap: Secret.credentials).accessToken()
            }
            #expect(try permissions(target) == 0o644)
        }
    }

    @Test("Temporary token files left by a killed writer are removed; a live writer's are kept")
    func staleTemporaryFilesAreRemoved() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText([:]))
            // No process has id 2^22 + 1 on Linux (pid_max is at most 2^22); this test's own process is alive.
            let stale = directory + "/.tokens.json.4194305.12345.tmp"
            let live = directory + "/.tokens.json.\(getpid()).777.tmp"
            let unrelated = directory + "/.other.json.4194305.1.tmp"
            for path in [stale, live, unrelated] { try writeFile(path, tokenFileText([:])) }
            harness.clock.advance(by: 7200)
            _ = try await harness.session().accessToken()
            #expect(!FileManager.default.fileExists(atPath: stale))
            #expect(FileManager.default.fileExists(atPath: live))
            #expect(FileManager.default.fileExists(atPath: unrelated))
        }
    }

    @Test("Environment credentials are written into a new file in a new 0700 directory on first use")
    func bootstrapCreatesFile() async throws {
        try await withTemporaryDirectory { root in
            let directory = root + "/config/zoho-billing-mcp"
            let harness = Harness(directory: directory)
            let token = try await harness.session(bootstrap: Secret.credentials).accessToken()

            #expect(token.value == "at-1")
            let object = try readObject(harness.path)
            #expect(object["client_id"] as? String == Secret.clientID)
            #expect(object["client_secret"] as? String == Secret.clientSecret)
            #expect(object["refresh_token"] as? String == Secret.refreshToken)
            #expect(object["accounts_url"] as? String == "https://accounts.zoho.eu")
            #expect(object["access_token"] as? String == "at-1")
            #expect(try permissions(directory) == 0o700)
            #expect(try permissions(root + "/config") == 0o700)
            #expect(try permissions(harness.path) == 0o600)
            #expect(try directoryEntries(directory) == ["tokens.json", "tokens.json.lock"])
            harness.expectCleanLogs(tokens: ["at-1"])
        }
    }

    @Test("A different refresh token from the environment replaces the file's and drops its access token")
    func bootstrapReplacesRefreshToken() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText(["note": "kept"], clock: harness.clock, accessToken: "old-token"))
            let environment = OAuthClientCredentials(
                clientID: Secret.clientID,
                clientSecret: Secret.clientSecret,
                refreshToken: Secret.envRefreshToken
            )
            let token = try await harness.session(bootstrap: environment).accessToken()

            #expect(token.value == "at-1")
            #expect(harness.transport.requests.first?.formFields["refresh_token"] == Secret.envRefreshToken)
            let object = try readObject(harness.path)
            #expect(object["refresh_token"] as? String == Secret.envRefreshToken)
            #expect(object["access_token"] as? String == "at-1")
            #expect(object["note"] as? String == "kept")
        }
    }

    @Test("Environment credentials equal to the file's change nothing and the file's fresh token is used")
    func bootstrapMatchingFile() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            let text = tokenFileText(clock: harness.clock, accessToken: "file-token")
            try writeFile(harness.path, text)
            let token = try await harness.session(bootstrap: Secret.credentials).accessToken()

            #expect(token.value == "file-token")
            #expect(harness.transport.requests.isEmpty)
            #expect(try String(contentsOfFile: harness.path, encoding: .utf8) == text)
        }
    }

    // MARK: - Caching and the clock

    @Test("A fresh token is reused without HTTP, and one within the margin of expiry is refreshed")
    func cachingFollowsTheClock() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText())
            let session = harness.session()

            #expect(try await session.accessToken().value == "at-1")
            #expect(try await session.accessToken().value == "at-1")
            harness.clock.advance(by: 3600 - 300 - 1)
            #expect(try await session.accessToken().value == "at-1")
            #expect(harness.transport.requests.count == 1)
            harness.clock.advance(by: 2)
            #expect(try await session.accessToken().value == "at-2")
            #expect(harness.transport.requests.count == 2)
        }
    }

    @Test("A fresh token in the file is used without HTTP")
    func freshFileToken() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            let text = tokenFileText(clock: harness.clock, accessToken: "file-token")
            try writeFile(harness.path, text, mode: 0o644)
            let token = try await harness.session().accessToken()
            #expect(token.value == "file-token")
            #expect(token.expiresAt == harness.clock.date.addingTimeInterval(3600))
            #expect(harness.transport.requests.isEmpty)
            #expect(try permissions(harness.path) == 0o600)
            #expect(try String(contentsOfFile: harness.path, encoding: .utf8) == text)
        }
    }

    // MARK: - Single flight

    @Test("Twenty concurrent callers share exactly one refresh")
    func concurrentCallersShareOneRefresh() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory, transport: .issuingTokens(delay: .milliseconds(100)))
            try writeFile(harness.path, tokenFileText())
            let session = harness.session()
            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await session.accessToken().value } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(values.count == 20)
            #expect(Set(values) == ["at-1"])
            #expect(harness.transport.requests.count == 1)
            // Shared in memory, not merely serialised by the file lock: nobody else even queued for the lock.
            #expect(!harness.recorder.lines.contains { $0.contains("waiting for another process") })
        }
    }

    @Test("Two sessions on one file (two processes) refresh once between them and share the token")
    func twoSessionsShareOneRefresh() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory, transport: .issuingTokens(gated: true))
            try writeFile(harness.path, tokenFileText())
            let first = harness.session(label: "first")
            let second = harness.session(label: "second")

            async let firstToken = first.accessToken()
            // The first session now holds the lock and waits for its (gated) refresh answer.
            await harness.transport.waitForRequests(1)
            async let secondToken = second.accessToken()
            await harness.recorder.waitForLine(containing: "waiting for another process to finish with the token file")
            harness.transport.openGate()

            let tokens = try await [firstToken, secondToken]
            #expect(tokens.map(\.value) == ["at-1", "at-1"])
            #expect(harness.transport.requests.count == 1)
            #expect(try directoryEntries(directory) == ["tokens.json", "tokens.json.lock"])
        }
    }

    // MARK: - Rejected tokens

    @Test("accessToken(replacing:) forces exactly one refresh, shared by concurrent callers")
    func replacingForcesOneRefresh() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory, transport: .issuingTokens(delay: .milliseconds(50)))
            try writeFile(harness.path, tokenFileText(clock: harness.clock, accessToken: "rejected-token"))
            let session = harness.session()
            #expect(try await session.accessToken().value == "rejected-token")
            #expect(harness.transport.requests.isEmpty)

            let values = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<5 { group.addTask { try await session.accessToken(replacing: "rejected-token").value } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(values) == ["at-1"])
            #expect(harness.transport.requests.count == 1)
            #expect(!harness.recorder.lines.contains { $0.contains("waiting for another process") })
            #expect(try await session.accessToken().value == "at-1")
            #expect(try readObject(harness.path)["access_token"] as? String == "at-1")
            #expect(harness.transport.requests.count == 1)
        }
    }

    @Test("accessToken(replacing:) takes a newer token another process stored, without HTTP")
    func replacingUsesNewerFileToken() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText(clock: harness.clock, accessToken: "rejected-token"))
            let session = harness.session()
            #expect(try await session.accessToken().value == "rejected-token")
            try writeFile(harness.path, tokenFileText(clock: harness.clock, accessToken: "newer-token"))

            #expect(try await session.accessToken(replacing: "rejected-token").value == "newer-token")
            #expect(harness.transport.requests.isEmpty)
        }
    }

    // MARK: - Missing and corrupt files

    @Test("Without a file or environment credentials the error says how to sign in, and nothing is created")
    func missingCredentials() async throws {
        try await withTemporaryDirectory { root in
            let harness = Harness(directory: root + "/absent")
            let error = try await #require(throws: OAuthError.self) { try await harness.session().accessToken() }
            #expect(
                error.message(using: TestVocabulary())
                    == "No Zoho credentials: \(harness.path) does not exist (or holds no refresh token) and "
                    + "{refreshToken} is not set. \(TestVocabulary.advice)"
            )
            #expect(error.description.contains("the refresh token setting is not set"))
            #expect(error.description.hasSuffix(NeutralSettingVocabulary().signInAdvice))
            #expect(harness.transport.requests.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: harness.directory))
        }
    }

    @Test("A file with a refresh token but no client secret names the missing key")
    func incompleteFileCredentials() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, #"{"client_id":"abc","refresh_token":"\#(Secret.refreshToken)"}"#)
            let error = try await #require(throws: OAuthError.self) { try await harness.session().accessToken() }
            #expect(error.description.contains("holds a refresh token but no client_secret"))
            #expect(!error.description.contains(Secret.refreshToken))
        }
    }

    @Test(
        "A corrupt token file is reported with its path and the fix, and left byte for byte unchanged",
        arguments: [
            #"{"client_id": "abc", "refresh_token": "1000.refresh+token/&=abc""#,
            #"[{"refresh_token": "1000.refresh+token/&=abc"}]"#,
            #"{"refresh_token": 1000}"#,
            #"{"refresh_token": "x", "access_token_expires_at": "tomorrow"}"#,
            "",
        ]
    )
    func corruptFile(text: String) async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, text)
            for bootstrap in [nil, Secret.credentials] {
                let session = harness.session(bootstrap: bootstrap)
                let error = try await #require(throws: TokenStoreError.self) { try await session.accessToken() }
                #expect(error.description.contains(harness.path))
                #expect(error.description.contains("left untouched"))
                #expect(error.message(using: TestVocabulary()).hasSuffix("move it aside. \(TestVocabulary.advice)"))
                for word in programWords { #expect(!error.description.contains(word)) }
                for secret in Secret.all { #expect(!error.description.contains(secret)) }
                await #expect(throws: TokenStoreError.self) { try await session.status() }
            }
            #expect(try String(contentsOfFile: harness.path, encoding: .utf8) == text)
            #expect(harness.transport.requests.isEmpty)
            #expect(try directoryEntries(directory).allSatisfy { $0 == "tokens.json" || $0 == "tokens.json.lock" })
        }
    }

    // MARK: - Zoho's error answers

    @Test(
        "Zoho's error answers become errors that name the problem and never the secrets",
        arguments: [
            (200, #"{"error":"invalid_code"}"#, "revoked or deleted"),
            (400, #"{"error":"invalid_code"}"#, "revoked or deleted"),
            (400, #"{"error":"invalid_client"}"#, "check {clientID} and {clientSecret}"),
            (
                400,
                #"{"error":"Access Denied","error_description":"You have made too many requests continuously. Please try again after some time.","status":"failure"}"#,
                "Wait a few minutes"
            ),
            (503, "<html>Service Unavailable</html>", "HTTP 503"),
            (400, #"{"error":"unsupported_grant_type"}"#, "HTTP 400 (unsupported_grant_type)"),
            (200, #"{"token_type":"Bearer"}"#, "no access_token"),
        ]
    )
    func errorAnswers(status: Int, body: String, expected: String) async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory, transport: .answering(status, body))
            let original = tokenFileText()
            try writeFile(harness.path, original)
            let error = try await #require(throws: OAuthError.self) { try await harness.session().accessToken() }
            let text = error.message(using: TestVocabulary())
            #expect(text.contains(expected), "\(text)")
            #expect(text.contains("https://accounts.zoho.eu"))
            for secret in Secret.all { #expect(!text.contains(secret) && !error.description.contains(secret)) }
            for word in programWords { #expect(!error.description.contains(word)) }
            #expect(harness.transport.requests.count == 1)
            #expect(try String(contentsOfFile: harness.path, encoding: .utf8) == original)
            harness.expectCleanLogs()
        }
    }

    @Test("After throttling no token request is made for two minutes, then one is tried again")
    func throttlingBacksOff() async throws {
        try await withTemporaryDirectory { directory in
            let body = #"{"error":"Access Denied","error_description":"You have made too many requests continuously."}"#
            let harness = Harness(directory: directory, transport: .answering(400, body))
            try writeFile(harness.path, tokenFileText())
            let session = harness.session()
            for _ in 0..<3 {
                let error = try await #require(throws: OAuthError.self) { try await session.accessToken() }
                guard case .throttled = error else {
                    Issue.record("expected .throttled, got \(error)")
                    return
                }
            }
            #expect(harness.transport.requests.count == 1)
            harness.clock.advance(by: 121)
            await #expect(throws: OAuthError.self) { try await session.accessToken() }
            #expect(harness.transport.requests.count == 2)
        }
    }

    @Test("A failed refresh inside the margin falls back to the still-valid token and backs off")
    func failedRefreshFallsBack() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory, transport: .answering(503, "unavailable"))
            try writeFile(harness.path, tokenFileText(clock: harness.clock, accessToken: "current-token"))
            harness.clock.advance(by: 3600 - 200)
            let session = harness.session()

            #expect(try await session.accessToken().value == "current-token")
            #expect(try await session.accessToken().value == "current-token")
            #expect(harness.transport.requests.count == 1)
            harness.clock.advance(by: 16)
            #expect(try await session.accessToken().value == "current-token")
            #expect(harness.transport.requests.count == 2)
            await #expect(throws: OAuthError.self) { try await session.accessToken(replacing: "current-token") }
            harness.clock.advance(by: 200)
            await #expect(throws: OAuthError.self) { try await session.accessToken() }
            harness.expectCleanLogs(tokens: ["current-token"])
        }
    }

    @Test("A transport failure is wrapped in a sentence naming the accounts server")
    func transportFailure() async throws {
        struct Unreachable: Error, CustomStringConvertible {
            var description: String { "Could not connect to accounts.zoho.eu" }
        }
        try await withTemporaryDirectory { directory in
            let transport = MockHTTPTransport { _, _ in .failure(Unreachable()) }
            let harness = Harness(directory: directory, transport: transport)
            try writeFile(harness.path, tokenFileText())
            let error = try await #require(throws: OAuthError.self) { try await harness.session().accessToken() }
            #expect(
                error.description.hasPrefix(
                    "Could not reach the Zoho accounts server https://accounts.zoho.eu to refresh the access token: "
                        + "Could not connect to accounts.zoho.eu. Check the network"
                )
            )
        }
    }

    // MARK: - Sign-in helpers

    @Test("An authorization code is exchanged and its refresh token stored with the client")
    func exchangeAuthorizationCode() async throws {
        try await withTemporaryDirectory { directory in
            let transport = MockHTTPTransport { _, _ in
                .response(
                    .json(
                        200,
                        #"{"access_token":"at-code","refresh_token":"1000.env-refresh-token","api_domain":"https://www.zohoapis.eu","token_type":"Bearer","expires_in":3600}"#
                    )
                )
            }
            let harness = Harness(directory: directory, transport: transport)
            let session = harness.session()
            let client = OAuthClient(id: Secret.clientID, secret: Secret.clientSecret)
            let token = try await session.exchangeAuthorizationCode(
                code: "1000.code",
                redirectURI: "http://127.0.0.1:8099/callback",
                client: client
            )

            #expect(token.value == "at-code")
            let request = try #require(transport.requests.first)
            #expect(
                request.formFields == [
                    "grant_type": "authorization_code",
                    "client_id": Secret.clientID,
                    "client_secret": Secret.clientSecret,
                    "code": "1000.code",
                    "redirect_uri": "http://127.0.0.1:8099/callback",
                ]
            )
            let object = try readObject(harness.path)
            #expect(object["refresh_token"] as? String == Secret.envRefreshToken)
            #expect(object["client_secret"] as? String == Secret.clientSecret)
            #expect(object["access_token"] as? String == "at-code")
            #expect(try await session.accessToken().value == "at-code")
            #expect(transport.requests.count == 1)
            harness.expectCleanLogs(tokens: ["at-code"])
        }
    }

    @Test("Revoking posts the refresh token to the revoke endpoint")
    func revoke() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory, transport: .answering(200, #"{"status":"success"}"#))
            try writeFile(harness.path, tokenFileText())
            try await harness.session().revoke()
            let request = try #require(harness.transport.requests.first)
            #expect(request.method == .post)
            #expect(request.url.path == "/oauth/v2/token/revoke")
            #expect(request.url.query == "token=1000.refresh%2Btoken%2F%26%3Dabc")
            harness.expectCleanLogs()
        }
    }

    @Test("Status reports the client, expiry and source without secrets, and deleting the file signs out")
    func statusAndDelete() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText(clock: harness.clock, accessToken: "file-token"))
            let session = harness.session()
            let status = try await session.status()
            #expect(status.path == harness.path)
            #expect(status.fileExists)
            #expect(status.credentialSource == .file)
            #expect(status.hasCredentials)
            #expect(status.clientID == Secret.clientID)
            #expect(status.accessTokenExpiresAt == harness.clock.date.addingTimeInterval(3600))
            #expect(status.accountsURL == euAccounts)
            #expect(!"\(status)".contains(Secret.clientSecret))

            #expect(try await session.deleteFile())
            #expect(!FileManager.default.fileExists(atPath: harness.path))
            #expect(try await session.status().credentialSource == .none)
            await #expect(throws: OAuthError.self) { try await session.accessToken() }

            let fromEnvironment = try await harness.session(bootstrap: Secret.credentials).status()
            #expect(fromEnvironment.credentialSource == .environment)
            #expect(fromEnvironment.clientID == Secret.clientID)
        }
    }

    @Test("Stored credentials replace the file's and are used for the next refresh")
    func storeCredentials() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(
                harness.path, tokenFileText(["note": "kept"], clock: harness.clock, accessToken: "file-token"))
            let session = harness.session()
            #expect(try await session.accessToken().value == "file-token")
            let replacement = OAuthClientCredentials(
                clientID: "1000.OTHER",
                clientSecret: Secret.clientSecret,
                refreshToken: Secret.envRefreshToken
            )
            try await session.storeCredentials(replacement)
            #expect(try await session.accessToken().value == "at-1")
            #expect(harness.transport.requests.first?.formFields["refresh_token"] == Secret.envRefreshToken)
            let object = try readObject(harness.path)
            #expect(object["client_id"] as? String == "1000.OTHER")
            #expect(object["note"] as? String == "kept")
        }
    }

    // MARK: - Which accounts server a refresh goes to

    @Test("An explicitly configured accounts server wins over the file's, which records it, and a warning names both")
    func explicitServerReplacesRecord() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText(["note": "kept"]))
            let token = try await harness.session(accountsURL: usAccounts, source: .explicit).accessToken()

            #expect(token.value == "at-1")
            let request = try #require(harness.transport.requests.first)
            #expect(request.url.absoluteString == "https://accounts.zoho.com/oauth/v2/token")
            let object = try readObject(harness.path)
            #expect(object["accounts_url"] as? String == "https://accounts.zoho.com")
            #expect(object["refresh_token"] as? String == Secret.refreshToken)
            #expect(object["access_token"] as? String == "at-1")
            #expect(object["note"] as? String == "kept")
            #expect(try permissions(harness.path) == 0o600)

            let warning = try #require(harness.warnings.first)
            #expect(harness.warnings.count == 1)
            #expect(warning.contains("instead of https://accounts.zoho.eu"))
            #expect(warning.contains("now go to https://accounts.zoho.com"))
            #expect(warning.contains("works only in the data centre that issued it"))
            #expect(warning.contains("{region}") && warning.contains(TestVocabulary.advice))
            harness.expectCleanLogs(tokens: ["at-1"])

            // The file now agrees with the setting, so the next process has nothing to warn about.
            harness.clock.advance(by: 3600)
            _ = try await harness.session(label: "next", accountsURL: usAccounts, source: .explicit).accessToken()
            #expect(harness.transport.requests.last?.url.host == "accounts.zoho.com")
            #expect(harness.warnings.count == 1)
        }
    }

    @Test("A region change is recorded and reported at once, even while the file's access token is fresh")
    func explicitServerWithFreshToken() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText(clock: harness.clock, accessToken: "file-token"))
            let session = harness.session(accountsURL: usAccounts, source: .explicit)

            #expect(try await session.accessToken().value == "file-token")
            #expect(harness.transport.requests.isEmpty)
            #expect(try readObject(harness.path)["accounts_url"] as? String == "https://accounts.zoho.com")
            #expect(harness.warnings.count == 1)
            #expect(try await session.status().accountsURL == usAccounts)
            harness.expectCleanLogs(tokens: ["file-token"])
        }
    }

    @Test("With only the default region, the accounts server recorded in the file wins and is kept")
    func defaultRegionKeepsRecord() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            let text = tokenFileText()
            try writeFile(harness.path, text)
            let session = harness.session(accountsURL: usAccounts, source: .default)

            #expect(try await session.accessToken().value == "at-1")
            #expect(harness.transport.requests.first?.url.host == "accounts.zoho.eu")
            #expect(try readObject(harness.path)["accounts_url"] as? String == "https://accounts.zoho.eu")
            #expect(try await session.status().accountsURL == euAccounts)
            #expect(harness.warnings.isEmpty)
        }
    }

    @Test("Configured credentials equal to the file's keep the file's accounts server when the region is the default")
    func defaultRegionBootstrapKeepsRecord() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText())
            let session = harness.session(bootstrap: Secret.credentials, accountsURL: usAccounts, source: .default)

            #expect(try await session.accessToken().value == "at-1")
            #expect(harness.transport.requests.first?.url.host == "accounts.zoho.eu")
            #expect(try readObject(harness.path)["accounts_url"] as? String == "https://accounts.zoho.eu")
            #expect(harness.warnings.isEmpty)
        }
    }

    @Test("Configured credentials equal to the file's follow an explicit region change, with the warning")
    func explicitRegionBootstrapWarns() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            try writeFile(harness.path, tokenFileText())
            let session = harness.session(bootstrap: Secret.credentials, accountsURL: usAccounts, source: .explicit)

            #expect(try await session.accessToken().value == "at-1")
            #expect(harness.transport.requests.first?.url.host == "accounts.zoho.com")
            #expect(try readObject(harness.path)["accounts_url"] as? String == "https://accounts.zoho.com")
            #expect(harness.warnings.count == 1)
        }
    }

    @Test("An explicit setting that matches the file's host changes nothing and warns about nothing")
    func explicitSameHostIsQuiet() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            let text = tokenFileText(clock: harness.clock, accessToken: "file-token")
            try writeFile(harness.path, text)
            let session = harness.session(accountsURL: euAccounts, source: .explicit)

            #expect(try await session.accessToken().value == "file-token")
            #expect(try String(contentsOfFile: harness.path, encoding: .utf8) == text)
            harness.clock.advance(by: 3600)
            #expect(try await session.accessToken().value == "at-1")
            #expect(harness.transport.requests.first?.url.host == "accounts.zoho.eu")
            #expect(harness.warnings.isEmpty)
        }
    }

    @Test("An explicit server is recorded without a warning when the file recorded none")
    func explicitServerFillsMissingRecord() async throws {
        try await withTemporaryDirectory { directory in
            let harness = Harness(directory: directory)
            let original =
                #"{"client_id":"\#(Secret.clientID)","client_secret":"s3cr3t+/= &value","#
                + #""refresh_token":"\#(Secret.refreshToken)"}"#
            try writeFile(harness.path, original)
            _ = try await harness.session(accountsURL: usAccounts, source: .explicit).accessToken()

            #expect(harness.transport.requests.first?.url.host == "accounts.zoho.com")
            #expect(try readObject(harness.path)["accounts_url"] as? String == "https://accounts.zoho.com")
            #expect(harness.warnings.isEmpty)
        }
    }
}
