import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

// Serialized: each test starts several server processes, and the machines this runs on have two cores.
/// The audit log written by the built binary: one whole JSON line per call, from many processes at once.
@Suite(.serialized) struct AuditLogTests {
    /// Settings for the sandbox (no network) with HOME, and so the audit log, in `directory`.
    static func sandboxEnvironment(_ directory: URL) -> [String: String] {
        [
            "ZOHO_MCP_SANDBOX": "1", "HOME": directory.path,
            "ZOHO_TOKEN_FILE": directory.appending(path: "tokens.json").path,
        ]
    }

    /// A sandbox server with its HOME in `directory`.
    static func sandbox(_ directory: URL, extra: [String: String] = [:]) throws -> ServerProcess {
        try ServerProcess(environment: sandboxEnvironment(directory).merging(extra) { _, new in new })
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("Four processes calling at once: one whole line per call, ids as the results carry them, 0600 in 0700")
    func concurrentProcesses() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let callsPerProcess = 40
        // Long arguments make lines of several KiB, longer than a pipe's atomic write, to show appends stay whole.
        let notes = String(repeating: "A long note that makes this audit line large. ", count: 120)
        let ids = try await withThrowingTaskGroup(of: [String].self) { group in
            for process in 0..<4 {
                group.addTask {
                    let server = try Self.sandbox(directory)
                    _ = try await server.initialize()
                    for call in 0..<callsPerProcess {
                        let params: JSONValue =
                            switch call % 3 {
                            case 0: ["name": "list_subscriptions", "arguments": [:]]
                            case 1: ["name": "get_invoice", "arguments": ["invoice_id": "1"]]
                            default:
                                [
                                    "name": "create_customer",
                                    "arguments": [
                                        "display_name": .string("Customer \(process)-\(call)"),
                                        "email": "audit@example.com", "notes": .string(notes),
                                    ],
                                ]
                            }
                        server.send(["jsonrpc": "2.0", "id": .int(call + 1), "method": "tools/call", "params": params])
                    }
                    var ids: [String] = []
                    for _ in 0..<callsPerProcess {
                        let answer = try await server.nextMessage()
                        if let id = answer["result"].flatMap(SafetyTestSupport.executionID) { ids.append(id) }
                    }
                    server.closeInput()
                    _ = await server.waitForExit(timeout: 20)
                    return ids
                }
            }
            var all: [String] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(ids.count == 4 * callsPerProcess)
        let state = directory.appending(path: ".local/state/zoho-billing-mcp")
        let lines = try SafetyTestSupport.auditLines(at: state.appending(path: "audit.jsonl"))
        #expect(lines.count == 4 * callsPerProcess)
        #expect(Set(lines.compactMap { $0["execution_id"]?.stringValue }) == Set(ids))
        #expect(lines.filter { $0["outcome"] == "ok" }.count == 4 * 27)
        #expect(lines.filter { $0["outcome"] == "error" }.count == 4 * 13)
        #expect(try Self.mode(state.appending(path: "audit.jsonl").path) == 0o600)
        #expect(try Self.mode(state.path) == 0o700)
    }

    @Test("Each outcome gets its line: ok, error, refused, preview, confirmed, declined, duplicate, unknown_outcome")
    func everyOutcome() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_TIMEOUT": "1"]))
        try await SafetyTestSupport.initializeWithElicitation(server)
        let ids = try await SafetyTestSupport.voidableInvoiceIDs(server, count: 2, id: 1)  // ok
        _ = try await server.callTool("get_invoice", ["invoice_id": "1"], id: 2)  // error
        let customer: JSONValue = ["display_name": "Audit Ltd", "email": "audit@example.com"]
        _ = try await server.callTool("create_customer", customer, id: 3)  // ok
        _ = try await server.callTool("create_customer", customer, id: 4)  // duplicate
        environment.emulator.enqueueFault(.slow(by: .seconds(3), pathPrefix: "/billing/v1/customers", method: "POST"))
        _ = try await server.callTool("create_customer", ["display_name": "Lost", "email": "l@example.com"], id: 5)
        for (index, answer) in [#"{"action":"decline"}"#, #"{"action":"accept","content":{"confirm":true}}"#]
            .enumerated()
        {
            server.send(
                #"{"jsonrpc":"2.0","id":\#(6 + index),"method":"tools/call","params":{"name":"void_invoice","arguments":{"invoice_id":"\#(ids[index])"}}}"#
            )
            let question = try await server.nextMessage()
            server.send(#"{"jsonrpc":"2.0","id":\#(question["id"]!.serialized()),"result":\#(answer)}"#)
            _ = try await server.nextMessage()
        }
        let readOnly = try ServerProcess(environment: environment.environment(access: "read"))
        _ = try await readOnly.initialize()
        _ = try await readOnly.callTool("create_customer", customer, id: 1)  // refused
        let plain = try ServerProcess(environment: environment.environment())
        _ = try await plain.initialize()
        let preview = try await plain.callTool("delete_invoice", ["invoice_id": .string(ids[0])], id: 1)  // preview
        let token = try #require(preview["structuredContent"]?["confirmation_token"]?.stringValue)

        let lines = try SafetyTestSupport.auditLines(environment)
        let outcomes = Set(lines.compactMap { $0["outcome"]?.stringValue })
        for outcome in ["ok", "error", "refused", "preview", "confirmed", "declined", "duplicate", "unknown_outcome"] {
            #expect(outcomes.contains(outcome), "no \(outcome) line")
        }
        let confirmed = try #require(lines.first { $0["outcome"] == "confirmed" })
        #expect(confirmed["tool"] == "void_invoice")
        #expect(confirmed["organization_id"] == "20071234")
        #expect(confirmed["access"] == "full")
        #expect(confirmed["client"] == "elicit-tests")
        #expect(confirmed["http_status"] == 200 && confirmed["zoho_code"] == 0)
        #expect(confirmed["duration_ms"]?.numberValue != nil)
        #expect(confirmed["arguments"] == ["invoice_id": .string(ids[1])])
        let time = confirmed["time"]?.stringValue ?? ""
        #expect(time.hasSuffix("Z") && time.count == 24, "\(time)")
        let error = try #require(lines.first { $0["outcome"] == "error" })
        #expect(error["http_status"] == 404 && error["zoho_code"] == 1002)
        #expect(lines.first { $0["outcome"] == "refused" }?["access"] == "read")

        let used = try await plain.callTool(
            "delete_invoice", ["invoice_id": .string(ids[0]), "confirmation_token": .string(token)], id: 2)
        #expect(used["isError"] == false)
        let last = try #require(try SafetyTestSupport.auditLines(environment).last)
        #expect(last["arguments"]?["confirmation_token"] == "[redacted]")
        #expect(last["execution_id"] == SafetyTestSupport.executionID(used).map(JSONValue.string))
    }

    @Test("The log rotates at its size limit and keeps a few files of whole lines")
    func rotation() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try Self.sandbox(directory, extra: ["ZOHO_MCP_TEST_AUDIT_ROTATE_BYTES": "3000"])
        _ = try await server.initialize()
        for id in 1...60 { _ = try await server.callTool("list_plans", ["per_page": .int(id)], id: id) }
        let state = directory.appending(path: ".local/state/zoho-billing-mcp")
        let files = ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2", "audit.jsonl.3"]
        for file in files {
            let path = state.appending(path: file).path
            #expect(FileManager.default.fileExists(atPath: path), "\(file)")
            #expect((LocalSize.of(path) ?? 0) <= 3000, "\(file)")
            #expect(try !SafetyTestSupport.auditLines(at: state.appending(path: file)).isEmpty)
            #expect(try Self.mode(path) == 0o600)
        }
        #expect(!FileManager.default.fileExists(atPath: state.appending(path: "audit.jsonl.4").path))
        let newest = try SafetyTestSupport.auditLines(at: state.appending(path: "audit.jsonl"))
        #expect(newest.last?["arguments"]?["per_page"] == 60)
    }

    @Test("An unwritable log is reported on stderr, never fails a read, and stops writes; off writes nothing")
    func unwritableAndOff() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let blocker = environment.directory.appending(path: "blocker")
        try Data("a file where a directory should be".utf8).write(to: blocker)
        let server = try ServerProcess(
            environment: environment.environment(
                extra: ["ZOHO_MCP_AUDIT_LOG": blocker.appending(path: "audit.jsonl").path]))
        _ = try await server.initialize()
        let read = try await server.callTool("list_plans", id: 1)
        #expect(read["isError"] == false)
        let write = try await server.callTool(
            "create_customer", ["display_name": "Unlogged Ltd", "email": "u@example.com"], id: 2)
        #expect(write["isError"] == true)
        #expect(write.toolText.contains("cannot be written"))
        #expect(SafetyTestSupport.changes(environment).isEmpty)
        server.closeInput()
        _ = await server.waitForExit(timeout: 10)
        #expect(server.stderrText.contains("Could not write the audit log"))

        let off = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_AUDIT_LOG": "off"]))
        _ = try await off.initialize()
        let created = try await off.callTool(
            "create_customer", ["display_name": "Unlogged Ltd", "email": "u@example.com"], id: 1)
        #expect(created["isError"] == false)
        #expect(SafetyTestSupport.executionID(created) != nil)
        #expect(try SafetyTestSupport.auditLines(environment).isEmpty)
    }
}

/// File sizes without opening the file.
enum LocalSize {
    static func of(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }
}
