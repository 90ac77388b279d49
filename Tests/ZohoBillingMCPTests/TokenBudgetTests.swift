import Foundation
import JSONCore
import TestSupport
import Testing

/// The tool list is paid for in every conversation's context, so its size has hard limits. Size is the compact
/// `tools` array as the server sends it, counted as characters / 4 (about a model token each).
@Suite(.serialized) struct TokenBudgetTests {
    static func toolsList(access: String, toolsets: String, version: String = "2025-11-25") async throws -> [JSONValue]
    {
        let server = try ServerProcess(
            arguments: ["serve", "--sandbox"],
            environment: ["ZOHO_MCP_ACCESS": access, "ZOHO_MCP_TOOLSETS": toolsets, "ZOHO_MCP_AUDIT_LOG": "off"])
        _ = try await server.initialize(version: version)
        let answer = try await server.request("tools/list", id: 1)
        server.closeInput()
        return try #require(answer["result"]?["tools"]?.arrayValue)
    }

    static func tokens(_ json: JSONValue) -> Int {
        json.serialized().count / 4
    }

    @Test(
        "The tool list stays within its token budget",
        arguments: [
            ("read", "default", 5_000),
            ("full", "default", 10_000),
            ("full", "all", 30_000),
        ])
    func budget(access: String, toolsets: String, limit: Int) async throws {
        let tools = try await Self.toolsList(access: access, toolsets: toolsets)
        let total = Self.tokens(.array(tools))
        let biggest = tools.map { (name: $0["name"]?.stringValue ?? "?", tokens: Self.tokens($0)) }
            .sorted { $0.tokens > $1.tokens }.prefix(10)
        #expect(
            total <= limit,
            """
            tools/list at ZOHO_MCP_ACCESS=\(access), ZOHO_MCP_TOOLSETS=\(toolsets) is about \(total) tokens for \
            \(tools.count) tools; the budget is \(limit). Shorten descriptions, drop property descriptions the \
            name and type already say, and keep only the fields that earn their place. Biggest tools:
            \(biggest.map { "  \($0.name): \($0.tokens)" }.joined(separator: "\n"))
            """)
    }

    @Test("Hints appear only where they differ from MCP's defaults")
    func hints() async throws {
        let tools = try await Self.toolsList(access: "full", toolsets: "all")
        let byName = Dictionary(
            uniqueKeysWithValues: tools.compactMap { tool in tool["name"]?.stringValue.map { ($0, tool) } })
        let read = try #require(byName["get_invoice"]?["annotations"])
        #expect(read == ["readOnlyHint": true, "openWorldHint": false])
        let write = try #require(byName["update_invoice"]?["annotations"])
        #expect(write == ["destructiveHint": false, "idempotentHint": true, "openWorldHint": false])
        let email = try #require(byName["email_invoice"]?["annotations"])
        #expect(email == [:], "a destructive, open-world, non-idempotent tool has every hint at its default")
    }

    @Test(
        "The title is top-level from 2025-06-18 on, and in the annotations before",
        arguments: [("2025-11-25", true), ("2025-06-18", true), ("2025-03-26", false), ("2024-11-05", false)])
    func title(version: String, topLevel: Bool) async throws {
        let tools = try await Self.toolsList(access: "read", toolsets: "default", version: version)
        let tool = try #require(tools.first { $0["name"] == "get_invoice" })
        #expect((tool["title"] != nil) == topLevel, "\(version)")
        #expect((tool["annotations"]?["title"] != nil) == !topLevel, "\(version)")
        #expect((tool["title"] ?? tool["annotations"]?["title"]) == "Get an invoice")
    }
}
