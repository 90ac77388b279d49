import Foundation
import JSONCore
import TestSupport
import Testing

// Serialized: each test starts several server processes, and the machines this runs on have two cores.
/// `zoho-billing-mcp logs` over an audit log written by real calls.
@Suite(.serialized) struct LogsCommandTests {
    @Test("logs filters by tool, outcome, organization, time and execution id, as a table or JSON lines")
    func filters() async throws {
        let directory = try AuditLogTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = AuditLogTests.sandboxEnvironment(directory)
        let server = try AuditLogTests.sandbox(directory)
        _ = try await server.initialize()
        let plans = try await server.callTool("list_plans", id: 1)
        let planExecution = try #require(SafetyTestSupport.executionID(plans))
        _ = try await server.callTool("get_invoice", ["invoice_id": "1"], id: 2)
        _ = try await server.callTool("get_invoice", ["invoice_id": "2", "organization_id": "20079999"], id: 3)
        _ = try await server.callTool("void_invoice", ["invoice_id": "903000000010033"], id: 4)

        func logs(_ arguments: [String]) async throws -> [JSONValue] {
            let result = try await SafetyTestSupport.run(["logs", "--json"] + arguments, environment: environment)
            guard result.status == 0 else { throw TestFailure("logs \(arguments) failed: \(result.stderr)") }
            return try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        }
        #expect(try await logs([]).count == 4)
        #expect(try await logs(["--tool", "get_invoice"]).count == 2)
        #expect(try await logs(["--tool", "list_plans,void_invoice"]).count == 2)
        #expect(try await logs(["--outcome", "error"]).allSatisfy { $0["tool"] == "get_invoice" })
        #expect(try await logs(["--outcome", "error"]).count == 2)
        #expect(try await logs(["--outcome", "preview"]).map { $0["tool"] } == ["void_invoice"])
        #expect(try await logs(["--organization", "20079999"]).count == 1)
        #expect(try await logs(["--execution-id", planExecution]).map { $0["tool"] } == ["list_plans"])
        #expect(try await logs(["--since", "2h"]).count == 4)
        #expect(try await logs(["--since", "2000-01-01"]).count == 4)
        #expect(try await logs(["--since", "2999-01-01"]).isEmpty)
        #expect(try await logs(["--until", "2000-01-01T00:00:00Z"]).isEmpty)
        #expect(try await logs(["--limit", "1"]).map { $0["tool"] } == ["void_invoice"])

        let table = try await SafetyTestSupport.run(["logs", "--outcome", "error"], environment: environment)
        let rows = table.stdout.split(separator: "\n")
        #expect(rows.first?.hasPrefix("TIME (UTC)") == true)
        #expect(rows.count == 3)
        #expect(rows.dropFirst().allSatisfy { $0.contains("error") && $0.contains("get_invoice") })
        let wrong = try await SafetyTestSupport.run(["logs", "--since", "yesterday"], environment: environment)
        #expect(wrong.status != 0 && wrong.stderr.contains("--since takes a duration"))
        let unknown = try await SafetyTestSupport.run(["logs", "--outcome", "fine"], environment: environment)
        #expect(unknown.status != 0 && unknown.stderr.contains("Unknown outcome"))
    }

    @Test("logs --follow prints calls as another process logs them")
    func follow() async throws {
        let directory = try AuditLogTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = AuditLogTests.sandboxEnvironment(directory)
        let server = try AuditLogTests.sandbox(directory)
        _ = try await server.initialize()
        _ = try await server.callTool("list_plans", id: 1)
        let follower = try ServerProcess(
            arguments: ["logs", "--follow", "--json", "--tool", "get_invoice"], environment: environment)
        defer { follower.terminate() }
        // Written before the follower started, and matching: printed first.
        _ = try await server.callTool("get_invoice", ["invoice_id": "1"], id: 2)
        let first = try await follower.nextMessage(timeout: 10)
        #expect(first["tool"] == "get_invoice")
        _ = try await server.callTool("list_plans", id: 3)
        let result = try await server.callTool("get_invoice", ["invoice_id": "2"], id: 4)
        let next = try await follower.nextMessage(timeout: 10)
        #expect(next["execution_id"]?.stringValue == SafetyTestSupport.executionID(result))
    }
}
