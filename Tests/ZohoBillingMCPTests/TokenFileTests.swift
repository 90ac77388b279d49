import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// OAuth refresh and the token file, through the built binary against the loopback accounts server.
@Suite struct TokenFileTests {
    func readTokenFile(_ environment: TestEnvironment) throws -> JSONValue {
        try JSONParser.parse(try Data(contentsOf: environment.tokenFile))
    }

    func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("Env credentials are stored in a 0600 file in a 0700 directory, and the refresh token survives refreshes")
    func bootstrapAndSurvival() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        // Trace logging on, so the secret scan at the end covers everything the server can log.
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_LOG_LEVEL": "trace"]))
        _ = try await server.initialize()
        #expect(try await server.callTool("list_customers", id: 1)["isError"] == false)
        #expect(environment.emulator.tokenRequestCount == 1)
        var file = try readTokenFile(environment)
        #expect(file["refresh_token"] == .string(TestEnvironment.refreshToken))
        #expect(file["client_id"] == .string(TestEnvironment.clientID))
        let firstToken = try #require(file["access_token"]?.stringValue)
        #expect(try permissions(environment.tokenFile.path) == 0o600)
        #expect(try permissions(environment.tokenFile.deletingLastPathComponent().path) == 0o700)

        // Zoho forgets the access token: the next call gets 401, refreshes once and retries.
        environment.emulator.expireAllAccessTokens()
        #expect(try await server.callTool("list_invoices", id: 2)["isError"] == false)
        #expect(environment.emulator.tokenRequestCount == 2)
        file = try readTokenFile(environment)
        #expect(
            file["refresh_token"] == .string(TestEnvironment.refreshToken), "a refresh response has no refresh_token")
        #expect(file["access_token"]?.stringValue != firstToken)
        let denied = environment.emulator.recordedRequests.filter { $0.path == "/billing/v1/invoices" }
        #expect(denied.count == 2, "one rejected attempt and one retry")

        environment.emulator.expireAllAccessTokens()
        #expect(try await server.callTool("list_payments", id: 3)["isError"] == false)
        #expect(environment.emulator.tokenRequestCount == 3)
        #expect(try readTokenFile(environment)["refresh_token"] == .string(TestEnvironment.refreshToken))
        #expect(!server.stderrText.isEmpty, "trace logging wrote to stderr")
        try environment.assertNoSecrets(in: [server.stdoutText, server.stderrText])
    }

    @Test("An explicit accounts server wins over the token file's, which is updated, and the change is announced")
    func explicitAccountsServerWins() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        func run(_ settings: [String: String], credentials: Bool) async throws -> ServerProcess {
            var env = environment.environment(credentials: credentials)
            env.removeValue(forKey: "ZOHO_ACCOUNTS_URL")
            let server = try ServerProcess(environment: env.merging(settings) { _, new in new })
            _ = try await server.initialize()
            #expect(try await server.callTool("list_customers", id: 1)["isError"] == false)
            server.closeInput()
            #expect(await server.waitForExit(timeout: 10) == 0)
            return server
        }
        // First use records the accounts server the credentials came with.
        _ = try await run(["ZOHO_ACCOUNTS_URL": environment.server.accountsURL], credentials: true)
        #expect(try readTokenFile(environment)["accounts_url"] == .string(environment.server.accountsURL))

        // The same fake under another host name stands in for another data centre's accounts server.
        let otherHost = environment.server.accountsURL.replacing("127.0.0.1", with: "localhost")
        environment.emulator.expireAllAccessTokens()
        let moved = try await run(["ZOHO_ACCOUNTS_URL": otherHost], credentials: false)
        let refresh = environment.emulator.recordedRequests.last { $0.path.hasPrefix("/oauth") }
        #expect(refresh?.headers["host"]?.hasPrefix("localhost") == true, "the refresh went to the new host")
        #expect(try readTokenFile(environment)["accounts_url"] == .string(otherHost))
        #expect(moved.stderrText.contains("127.0.0.1") && moved.stderrText.contains("localhost"), "\(moved.stderrText)")
        try environment.assertNoSecrets(in: [moved.stdoutText, moved.stderrText])

        // Nothing explicit: the file's accounts server stays, silently.
        let quiet = try await run([:], credentials: false)
        #expect(try readTokenFile(environment)["accounts_url"] == .string(otherHost))
        #expect(!quiet.stderrText.contains("localhost"), "\(quiet.stderrText)")
        #expect(try readTokenFile(environment)["refresh_token"] == .string(TestEnvironment.refreshToken))
    }

    @Test("A cached access token is reused by the next process without a refresh")
    func reuseAcrossRestarts() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        for round in 1...2 {
            let server = try ServerProcess(environment: environment.environment())
            _ = try await server.initialize()
            #expect(try await server.callTool("list_customers", id: round)["isError"] == false)
            server.closeInput()
            #expect(await server.waitForExit(timeout: 10) == 0)
        }
        #expect(environment.emulator.tokenRequestCount == 1)
    }

    @Test("Two processes sharing the token file refresh once between them")
    func twoProcessesOneRefresh() async throws {
        let environment = try await TestEnvironment.start(tokenEndpointDelay: .milliseconds(400))
        defer { Task { await environment.stop() } }
        let first = try ServerProcess(environment: environment.environment())
        let second = try ServerProcess(environment: environment.environment())
        _ = try await first.initialize()
        _ = try await second.initialize()
        first.send(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"list_customers","arguments":{}}}"#)
        second.send(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"list_invoices","arguments":{}}}"#)
        let one = try await first.nextMessage()
        let two = try await second.nextMessage()
        #expect(one["result"]?["isError"] == false)
        #expect(two["result"]?["isError"] == false)
        #expect(environment.emulator.tokenRequestCount == 1)
        let tokens = Set(environment.apiRequests.compactMap { $0.headers["authorization"] })
        #expect(tokens.count == 1, "both processes used the same access token")
    }

    @Test("A corrupt token file is reported with its path and the fix, and left untouched")
    func corruptFile() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        try FileManager.default.createDirectory(
            at: environment.tokenFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let garbage = Data("{\"refresh_token\": \"1000.abc\", oops".utf8)
        try garbage.write(to: environment.tokenFile)
        let server = try ServerProcess(environment: environment.environment(credentials: false))
        _ = try await server.initialize()
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == true)
        let text = result.toolText
        #expect(text.contains(environment.tokenFile.path))
        #expect(text.contains("auth login") || text.contains("ZOHO_REFRESH_TOKEN"))
        #expect(try Data(contentsOf: environment.tokenFile) == garbage)
        #expect(environment.emulator.recordedRequests.isEmpty)
    }

    @Test("Missing credentials give a tool error that says how to sign in")
    func missingCredentials() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment(credentials: false))
        _ = try await server.initialize()
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == true)
        let text = result.toolText
        #expect(text.contains("ZOHO_REFRESH_TOKEN"))
    }

    @Test("A revoked refresh token is reported without leaking it")
    func revokedRefreshToken() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        var env = environment.environment()
        env["ZOHO_REFRESH_TOKEN"] = "1000.revoked-refresh-token-value"
        let server = try ServerProcess(environment: env)
        _ = try await server.initialize()
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == true)
        let text = result.toolText
        #expect(text.contains("invalid_code") || text.contains("refresh token"))
        #expect(!server.stdoutText.contains("revoked-refresh-token-value"))
        #expect(!server.stderrText.contains("revoked-refresh-token-value"))
        #expect(!server.stdoutText.contains(TestEnvironment.clientSecret))
    }

    @Test("A token file deleted while the server runs is written again from the configured credentials")
    func deletedTokenFileIsRestored() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        #expect(try await server.callTool("list_customers", id: 1)["isError"] == false)
        try FileManager.default.removeItem(at: environment.tokenFile)
        // The cached access token stops working, so the next call must refresh, which needs the file.
        environment.emulator.expireAllAccessTokens()
        let result = try await server.callTool("list_customers", id: 2)
        #expect(result["isError"] == false, "\(result.toolText) \(server.stderrText)")
        let restored = try JSONParser.parse(Data(contentsOf: environment.tokenFile))
        #expect(restored["refresh_token"]?.stringValue == TestEnvironment.refreshToken)
        #expect(server.stderrText.contains("the token file is gone"))
    }
}
