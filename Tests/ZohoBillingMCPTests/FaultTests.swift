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
