import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// SIGTERM and SIGINT while calls are in flight: finish what can finish, answer the rest, then exit.
@Suite("Shutdown on a signal")
struct ShutdownTests {
    private static let customers = "/billing/v1/customers"

    private func startWithSlowCall(delay: Duration) async throws -> (TestEnvironment, ServerProcess) {
        let environment = try await TestEnvironment.start()
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        #expect(try await server.callTool("list_plans", id: 1)["isError"] == false)
        environment.emulator.enqueueFault(.slow(by: delay, pathPrefix: Self.customers))
        server.send(
            #"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"list_customers","arguments":{}}}"#)
        // The slow call is in flight once the fake has its request; a loaded machine may take a while to get there.
        let deadline = ContinuousClock.now + .seconds(10)
        while !environment.apiRequests.contains(where: { $0.path.hasPrefix(Self.customers) }),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        return (environment, server)
    }

    @Test("SIGTERM lets a call in flight finish and answer, then the server exits")
    func termFinishesCalls() async throws {
        let (environment, server) = try await startWithSlowCall(delay: .seconds(1))
        defer { Task { await environment.stop() } }
        server.send(signal: SIGTERM)
        let answer = try await server.nextMessage(timeout: 10)
        #expect(answer["id"] == 9)
        #expect(answer["result"]?["isError"] == false)
        #expect(await server.waitForExit(timeout: 10) == 0)
        #expect(server.stderrText.contains("SIGTERM received"))
    }

    @Test("SIGINT answers a call that outlasts the grace period with an error, and sends Zoho nothing more")
    func interruptAnswersLongCalls() async throws {
        let (environment, server) = try await startWithSlowCall(delay: .seconds(30))
        defer { Task { await environment.stop() } }
        let requestsBefore = environment.apiRequests.count
        let started = ContinuousClock.now
        server.send(signal: SIGINT)
        // Requests arriving once shutdown has begun are not read any more.
        try await Task.sleep(for: .milliseconds(200))
        server.send(#"{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"list_plans","arguments":{}}}"#)
        let answer = try await server.nextMessage(timeout: 15)
        #expect(answer["id"] == 9)
        #expect(answer["error"]?["message"]?.stringValue?.contains("shutting down") == true)
        #expect(await server.waitForExit(timeout: 10) == 0)
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(!server.stdoutText.contains(#""id":10"#))
        #expect(environment.apiRequests.count == requestsBefore)
    }

    @Test("A second signal ends the process at once")
    func secondSignalExits() async throws {
        let (environment, server) = try await startWithSlowCall(delay: .seconds(30))
        defer { Task { await environment.stop() } }
        server.send(signal: SIGINT)
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        server.send(signal: SIGINT)
        #expect(await server.waitForExit(timeout: 10) == 130)
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}
