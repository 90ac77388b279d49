import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoFakeServer

// Serialized: each test starts several server processes, and the machines this runs on have two cores.
/// The access levels through the built binary: what each lists, what each lets through, and that `read` cannot
/// change anything on the fake whatever is called.
@Suite(.serialized) struct AccessLevelTests {
    /// Every tool of the catalog with its level, from the annotations the schema's access level sets.
    static func catalog(_ environment: TestEnvironment) async throws -> [(name: String, level: String)] {
        let server = try ServerProcess(environment: environment.environment(access: "full", toolsets: "all"))
        _ = try await server.initialize()
        let list = try await server.request("tools/list", id: 1)
        server.closeInput()
        return (list["result"]?["tools"]?.arrayValue ?? []).compactMap { tool in
            guard let name = tool["name"]?.stringValue else { return nil }
            let annotations = tool["annotations"]
            // Hints at MCP's defaults are left out: destructiveHint is true unless it says false.
            let level =
                annotations?["readOnlyHint"] == true
                ? "read" : annotations?["destructiveHint"] == false ? "write" : "full"
            return (name, level)
        }
    }

    @Test(
        "Each access level lists exactly its tools and lets exactly those through",
        arguments: ["read", "write", "full"])
    func levels(level: String) async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let catalog = try await Self.catalog(environment)
        let rank = ["read": 0, "write": 1, "full": 2]
        let allowed = Set(catalog.filter { rank[$0.level]! <= rank[level]! }.map(\.name))
        #expect(catalog.count > allowed.count || level == "full")

        let server = try ServerProcess(environment: environment.environment(access: level, toolsets: "all"))
        _ = try await server.initialize()
        let list = try await server.request("tools/list", id: 1)
        let listed = Set((list["result"]?["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        #expect(listed == allowed)
        for (index, tool) in catalog.enumerated() {
            // Empty arguments: a tool that is let through fails validation or runs; one above the level is refused.
            let result = try await server.callTool(tool.name, [:], id: 10 + index)
            let refused = result.toolText.contains("this server runs at access level \(level)")
            #expect(refused == !allowed.contains(tool.name), "\(tool.name) at \(level): \(result.toolText)")
        }
    }

    @Test("A read-only configuration cannot change data on the fake by any tool, however it is called")
    func readOnlyChangesNothing() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let catalog = try await Self.catalog(environment)
        let server = try ServerProcess(environment: environment.environment(access: "read", toolsets: "all"))
        _ = try await server.initialize()
        let invoiceID = try await SafetyTestSupport.voidableInvoiceIDs(server, count: 1, id: 1)[0]
        let ids: [String: JSONValue] = [
            "invoice_id": .string(invoiceID), "customer_id": "903000000000099", "subscription_id": "1",
            "payment_id": "1", "contactperson_id": "1",
        ]
        let full = try ServerProcess(environment: environment.environment(access: "full", toolsets: "all"))
        _ = try await full.initialize()
        let schemas = try await full.request("tools/list", id: 1)
        for (index, tool) in (schemas["result"]?["tools"]?.arrayValue ?? []).enumerated() {
            guard let name = tool["name"]?.stringValue else { continue }
            var arguments = ConfirmationTests.arguments(for: tool["inputSchema"] ?? [:], ids: ids).objectValue ?? [:]
            arguments["confirmation_token"] = "zc_guess"
            arguments["allow_duplicate"] = true
            _ = try await server.callTool(name, .object(arguments), id: 10 + index)
        }
        #expect(catalog.contains { $0.level != "read" })
        #expect(SafetyTestSupport.changes(environment).isEmpty)
        let refusals = try SafetyTestSupport.auditLines(environment).filter { $0["outcome"] == "refused" }
        #expect(refusals.count == catalog.filter { $0.level != "read" }.count)
    }
}
