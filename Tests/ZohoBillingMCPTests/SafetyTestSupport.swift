import Foundation
import JSONCore
import TestSupport
import ZohoEmulator
import ZohoFakeServer

/// Shared steps of the safety tests: the audit log of a test's environment, one-shot commands, and records to
/// act on from the fake's seed data.
enum SafetyTestSupport {
    /// The state directory the binary uses under the test's HOME.
    static func stateDirectory(_ environment: TestEnvironment) -> URL {
        environment.directory.appending(path: ".local/state/zoho-billing-mcp")
    }

    /// The audit log's lines, parsed; every line must be a whole JSON object.
    static func auditLines(_ environment: TestEnvironment) throws -> [JSONValue] {
        try auditLines(at: stateDirectory(environment).appending(path: "audit.jsonl"))
    }

    static func auditLines(at url: URL) throws -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        guard text.isEmpty || text.hasSuffix("\n") else { throw TestFailure("the audit log ends in a partial line") }
        return try text.split(separator: "\n").map { line in
            do {
                return try JSONParser.parse(String(line))
            } catch {
                throw TestFailure("a torn or invalid audit line: \(line.prefix(200))")
            }
        }
    }

    /// Runs a one-shot command of the binary and returns its exit status and output.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> (
        status: Int32?, stdout: String, stderr: String
    ) {
        let process = try ServerProcess(arguments: arguments, environment: environment)
        process.closeInput()
        let status = await process.waitForExit(timeout: 60)
        return (status, process.stdoutText, process.stderrText)
    }

    /// The ids of `count` open invoices with nothing paid or credited yet (so Zoho lets them be voided), read
    /// through the server.
    static func voidableInvoiceIDs(_ server: ServerProcess, count: Int, id: Int) async throws -> [String] {
        let list = try await server.callTool("list_invoices", ["per_page": 200], id: id)
        let ids =
            list["structuredContent"]?["invoices"]?.arrayValue?.filter {
                ["sent", "overdue"].contains($0["status"]?.stringValue ?? "") && $0["balance"] == $0["total"]
            }.compactMap { $0["invoice_id"]?.stringValue } ?? []
        guard ids.count >= count else { throw TestFailure("the fake has only \(ids.count) voidable invoices") }
        return Array(ids.prefix(count))
    }

    /// Requests the fake received that change data (anything but GET).
    static func changes(_ environment: TestEnvironment) -> [String] {
        environment.apiRequests.filter { $0.method != "GET" }.map { "\($0.method) \($0.path)" }
    }

    /// The execution id a result carries in `_meta`.
    static func executionID(_ result: JSONValue) -> String? {
        result["_meta"]?["zoho-billing-mcp/execution_id"]?.stringValue
    }

    /// Sends `initialize` declaring form elicitation, as Claude Code and Cursor do.
    static func initializeWithElicitation(_ server: ServerProcess) async throws {
        _ = try await server.request(
            "initialize",
            params: [
                "protocolVersion": "2025-11-25", "capabilities": ["elicitation": ["form": [:]]],
                "clientInfo": ["name": "elicit-tests", "version": "1"],
            ], id: 0)
        server.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
    }
}
