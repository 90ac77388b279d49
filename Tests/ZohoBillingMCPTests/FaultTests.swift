import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// Zoho's limits and faults, injected at the loopback fake and met by the built binary over real HTTP. Each test
/// checks the call's outcome and how many requests reached the fake.
@Suite("Limits, retries and faults", .serialized)
struct FaultTests {
    private static let customers = "/billing/v1/customers"

    private func start(extra: [String: String] = [:]) async throws -> (TestEnvironment, ServerProcess) {
        let environment = try await TestEnvironment.start()
        let server = try ServerProcess(environment: environment.environment(extra: extra))
        _ = try await server.initialize()
        // Resolves and caches the organization, so that the counts below are of the calls' own requests.
        #expect(try await server.callTool("list_plans", id: 999)["isError"] == false)
        return (environment, server)
    }

    private func requests(_ environment: TestEnvironment, to prefix: String) -> Int {
        environment.apiRequests.filter { $0.path.hasPrefix(prefix) }.count
    }

    @Test("A GET answered 429, 500, 502 or 503 is sent again and succeeds; the result counts every request")
    func passingFailuresAreRetried() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        var id = 0
        for fault in [
            EmulatorFault.rateLimited(retryAfterSeconds: 0, pathPrefix: Self.customers),
            .serverError(pathPrefix: Self.customers),
            EmulatorFault(status: 502, body: Data("<html>Bad Gateway</html>".utf8), pathPrefix: Self.customers),
            EmulatorFault(status: 503, code: 1000, message: "Service unavailable", pathPrefix: Self.customers),
        ] {
            id += 1
            let before = requests(environment, to: Self.customers)
            environment.emulator.enqueueFault(fault)
            let result = try await server.callTool("list_customers", id: id)
            #expect(result["isError"] == false, "after \(fault.status): \(result.toolText)")
            #expect(requests(environment, to: Self.customers) - before == 2)
            #expect(result["_meta"]?["zoho-billing-mcp/zoho_requests"] == 2)
        }
        let plain = try await server.callTool("list_customers", id: 10)
        #expect(plain["_meta"]?["zoho-billing-mcp/zoho_requests"] == 1)
    }

    @Test("Retry-After is honoured before the next attempt")
    func retryAfterIsHonoured() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        environment.emulator.enqueueFault(.rateLimited(retryAfterSeconds: 1, pathPrefix: Self.customers))
        let started = ContinuousClock.now
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == false)
        #expect(ContinuousClock.now - started >= .milliseconds(950))
    }

    @Test("A failure that lasts ends after the attempts allowed, saying which limit and how many attempts")
    func persistentFailureEnds() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        for _ in 0..<4 {
            environment.emulator.enqueueFault(.rateLimited(retryAfterSeconds: 0, pathPrefix: Self.customers))
        }
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == true)
        #expect(result.toolText.contains("HTTP 429 with code 44"))
        #expect(result.toolText.contains("all 4 attempts"))
        #expect(result.toolText.contains("rate-limiting"))
        #expect(requests(environment, to: Self.customers) == 4)
        #expect(environment.emulator.pendingFaultCount == 0)
    }

    @Test("A write is never sent twice after a failure that may have reached Zoho")
    func writesAreNotRetried() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        for fault in [
            EmulatorFault.rateLimited(retryAfterSeconds: 0, pathPrefix: Self.customers),
            .serverError(pathPrefix: Self.customers),
        ] {
            let before = requests(environment, to: Self.customers)
            var scoped = fault
            scoped.method = "POST"
            environment.emulator.enqueueFault(scoped)
            let result = try await server.callTool(
                "create_customer", ["display_name": "Once Ltd", "email": "once@example.com"], id: 1)
            #expect(result["isError"] == true)
            #expect(requests(environment, to: Self.customers) - before == 1)
        }
    }

    @Test("Zoho's concurrency refusal (code 1070) is sent again, even for a write, because nothing was applied")
    func concurrencyRefusalQueues() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        environment.emulator.enqueueFault(
            EmulatorFault(
                status: 429, code: 1070, message: "Too many concurrent requests", pathPrefix: Self.customers,
                method: "POST"))
        let result = try await server.callTool(
            "create_customer", ["display_name": "Queued Ltd", "email": "queued@example.com"], id: 1)
        #expect(result["isError"] == false, "\(result.toolText)")
        #expect(requests(environment, to: Self.customers) == 2)
    }

    @Test("The daily quota (code 45) fails at once, and later calls fail without reaching Zoho, saying until when")
    func dailyQuotaFailsFast() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        environment.emulator.enqueueFault(
            EmulatorFault(status: 429, code: 45, message: "Daily limit exceeded", pathPrefix: Self.customers))
        let first = try await server.callTool("list_customers", id: 1)
        #expect(first["isError"] == true)
        #expect(first.toolText.contains("code 45"))
        #expect(requests(environment, to: Self.customers) == 1)
        let second = try await server.callTool("list_invoices", id: 2)
        #expect(second["isError"] == true)
        #expect(second.toolText.contains("daily request limit"))
        #expect(second.toolText.contains("until 20"))
        #expect(requests(environment, to: "/billing/v1/invoices") == 0)
    }

    @Test("A GET that times out is sent again; the server keeps working")
    func timedOutGetIsRetried() async throws {
        let (environment, server) = try await start(extra: ["ZOHO_MCP_TIMEOUT": "1"])
        defer { Task { await environment.stop() } }
        environment.emulator.enqueueFault(.slow(by: .seconds(3), pathPrefix: Self.customers))
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == false, "\(result.toolText)")
        #expect(result["_meta"]?["zoho-billing-mcp/zoho_requests"] == 2)
    }

    @Test("An answer over the size limit is refused with advice; a large one under it is cut short for the agent")
    func oversizedAnswers() async throws {
        let (environment, server) = try await start(extra: ["ZOHO_MCP_MAX_RESPONSE_MIB": "1"])
        defer { Task { await environment.stop() } }
        let huge =
            Data(#"{"code":0,"message":"success","customers":[""#.utf8) + Data(repeating: 0x61, count: 2 << 20)
            + Data(#""]}"#.utf8)
        environment.emulator.enqueueFault(EmulatorFault(status: 200, body: huge, pathPrefix: Self.customers))
        let refused = try await server.callTool("list_customers", id: 1)
        #expect(refused["isError"] == true)
        #expect(refused.toolText.contains("larger than the 1 MiB allowed"))
        #expect(refused.toolText.contains("Ask for less"))

        let row = #"{"customer_id":"1","display_name":""# + String(repeating: "b", count: 1000) + #""}"#
        let large =
            #"{"code":0,"message":"success","customers":["#
            + Array(repeating: row, count: 700)
            .joined(separator: ",") + #"],"page_context":{"page":1,"has_more_page":true}}"#
        environment.emulator.enqueueFault(
            EmulatorFault(status: 200, body: Data(large.utf8), pathPrefix: Self.customers))
        let trimmed = try await server.callTool("list_customers", id: 2)
        #expect(trimmed["isError"] == false)
        #expect(trimmed["structuredContent"] == nil)
        #expect(trimmed.toolText.hasPrefix("700 customers on page 1."))
        #expect(trimmed.toolText.contains("a smaller per_page"))
        #expect(trimmed.toolText.utf8.count < 16 << 10)
    }

    @Test("HTTP 200 with a body that is not Zoho's JSON is a tool error that quotes the start of the body")
    func malformedSuccessBody() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        environment.emulator.enqueueFault(
            EmulatorFault(
                status: 200, body: Data(#"{"code":0,"customers":[{"customer_id":"1""#.utf8), pathPrefix: Self.customers)
        )
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == true)
        #expect(result.toolText.contains("not Zoho's JSON"))
        #expect(requests(environment, to: Self.customers) == 1)
    }

    @Test("A refresh token revoked while the server runs: one refresh attempt, a clear error, the file keeps the token")
    func revokedWhileRunning() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        _ = await environment.emulator.handle(
            EmulatorRequest(method: "POST", path: "/oauth/v2/token/revoke?token=\(TestEnvironment.refreshToken)"))
        let tokenRequests = environment.emulator.tokenRequestCount
        let result = try await server.callTool("list_customers", id: 1)
        #expect(result["isError"] == true)
        #expect(result.toolText.contains("rejected the refresh token"))
        #expect(environment.emulator.tokenRequestCount - tokenRequests == 1)
        let stored = try JSONParser.parse(Data(contentsOf: environment.tokenFile))
        #expect(stored["refresh_token"]?.stringValue == TestEnvironment.refreshToken)
        #expect(!server.stderrText.contains(TestEnvironment.refreshToken))
    }

    @Test("A token file another process rewrites while a call is in flight: the call goes on with the new token")
    func tokenFileRewrittenMidCall() async throws {
        let (environment, server) = try await start()
        defer { Task { await environment.stop() } }
        let stored = try JSONParser.parse(Data(contentsOf: environment.tokenFile))
        let oldToken = try #require(stored["access_token"]?.stringValue)
        let tokenRequests = environment.emulator.tokenRequestCount
        let before = requests(environment, to: Self.customers)
        environment.emulator.enqueueFault(.slow(by: .milliseconds(1500), pathPrefix: Self.customers))
        server.send(
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_customers","arguments":{}}}"#)
        let deadline = ContinuousClock.now + .seconds(10)
        while requests(environment, to: Self.customers) == before, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(requests(environment, to: Self.customers) == before + 1, "the call is in flight at the fake")

        // While it waits, Zoho drops the old token and a second process refreshes and rewrites the file.
        environment.emulator.expireAllAccessTokens()
        let other = try await BinaryRun.run(
            ["call", "list_invoices"], environment: environment.environment(credentials: false))
        #expect(other.status == 0, "\(other.stderr)")
        #expect(environment.emulator.tokenRequestCount == tokenRequests + 1)
        let rewritten = try JSONParser.parse(Data(contentsOf: environment.tokenFile))
        let newToken = try #require(rewritten["access_token"]?.stringValue)
        #expect(newToken != oldToken)

        // The in-flight call meets 401 with the old token and takes the new one from the file: no refresh of its own.
        let answer = try await server.nextMessage()
        #expect(answer["id"] == 1)
        #expect(answer["result"]?["isError"] == false, "\(answer.serialized())")
        #expect(answer["result"]?["_meta"]?["zoho-billing-mcp/zoho_requests"] == 2)
        #expect(requests(environment, to: Self.customers) == before + 2, "one rejected attempt and one retry")
        #expect(environment.emulator.tokenRequestCount == tokenRequests + 1)
        let retry = environment.apiRequests.last { $0.path.hasPrefix(Self.customers) }
        #expect(retry?.header("Authorization") == "Zoho-oauthtoken \(newToken)")

        // Between calls: the next call uses the rewritten token as well, and no stored credential was lost.
        #expect(try await server.callTool("list_customers", id: 2)["isError"] == false)
        #expect(environment.emulator.tokenRequestCount == tokenRequests + 1)
        let final = try JSONParser.parse(Data(contentsOf: environment.tokenFile))
        for key in stored.objectValue?.keys.sorted() ?? [] where key != "access_token" && key != "expires_at" {
            #expect(final[key] != nil, "\(key) is still stored")
        }
        #expect(final["refresh_token"]?.stringValue == TestEnvironment.refreshToken)
        #expect(final["client_id"]?.stringValue == TestEnvironment.clientID)
        #expect(final["access_token"]?.stringValue == newToken)
        try environment.assertNoSecrets(in: [server.stdoutText, server.stderrText, other.stdout, other.stderr])
    }

    @Test("SIGKILL in the middle of a token refresh, 50 times: the file stays valid, private and signed in")
    func killDuringRefresh() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let settings = ["ZOHO_ORGANIZATION_ID": "20071234", "ZOHO_MCP_AUDIT_LOG": "off"]
        // The first run stores the credentials; later runs have only the file.
        let first = try await BinaryRun.run(
            ["call", "list_plans"], environment: environment.environment(extra: settings))
        #expect(first.status == 0, "\(first.stderr)")
        let tokenFile = environment.tokenFile.path
        let clock = ContinuousClock()
        let started = clock.now
        var inside = 0
        for round in 1...50 {
            let before = try JSONParser.parse(Data(contentsOf: environment.tokenFile))["access_token"]
            // The stored access token stops working, so the run must refresh; the fake holds the refresh 150 ms.
            environment.emulator.expireAllAccessTokens()
            environment.emulator.enqueueFault(.slow(by: .milliseconds(150), pathPrefix: "/oauth/v2/token"))
            let tokenRequests = environment.emulator.tokenRequestCount
            let process = try ServerProcess(environment: environment.environment(credentials: false, extra: settings))
            _ = try await process.initialize()
            process.send(
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_plans","arguments":{}}}"#)
            let deadline = clock.now + .seconds(15)
            while environment.emulator.tokenRequestCount == tokenRequests, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(environment.emulator.tokenRequestCount == tokenRequests + 1, "round \(round) reached the refresh")
            // Anywhere from the start of the refresh to a little after the fake answers it.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...220)))
            process.send(signal: SIGKILL)
            #expect(await process.waitForExit(timeout: 10) != nil)
            let data = try Data(contentsOf: environment.tokenFile)
            let file = try JSONParser.parse(data)
            #expect(file["refresh_token"]?.stringValue == TestEnvironment.refreshToken, "round \(round)")
            #expect(file["client_id"]?.stringValue == TestEnvironment.clientID, "round \(round)")
            let attributes = try FileManager.default.attributesOfItem(atPath: tokenFile)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "round \(round)")
            // The refresh's result never reached the file: the kill landed inside the refresh.
            if file["access_token"] == before { inside += 1 }
        }
        let elapsed = clock.now - started
        print("killDuringRefresh: \(inside) of 50 kills landed inside the refresh; \(elapsed)")
        #expect(inside >= 30, "\(inside) of 50 kills landed inside the refresh")
        #expect(environment.emulator.pendingFaultCount == 0)

        // The next start works and stores its refresh (so an unchanged access token above does mean an unfinished
        // refresh), and leaves no temporary file with credentials behind.
        let before = try JSONParser.parse(Data(contentsOf: environment.tokenFile))["access_token"]
        environment.emulator.expireAllAccessTokens()
        let next = try ServerProcess(environment: environment.environment(credentials: false, extra: settings))
        _ = try await next.initialize()
        #expect(try await next.callTool("list_plans", id: 2)["isError"] == false)
        next.closeInput()
        #expect(await next.waitForExit(timeout: 10) == 0)
        #expect(try JSONParser.parse(Data(contentsOf: environment.tokenFile))["access_token"] != before)
        let names = try FileManager.default.contentsOfDirectory(
            atPath: environment.tokenFile.deletingLastPathComponent().path)
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(names)")
    }

    @Test("ZOHO_MCP_RATE_LIMIT must be a number or off")
    func rateLimitSetting() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(
            arguments: ["call", "list_plans"],
            environment: environment.environment(extra: ["ZOHO_MCP_RATE_LIMIT": "fast"]))
        let status = await server.waitForExit(timeout: 20)
        #expect(status != nil && status != 0)
        #expect(server.stderrText.contains("ZOHO_MCP_RATE_LIMIT must be a whole number"))
    }
}
