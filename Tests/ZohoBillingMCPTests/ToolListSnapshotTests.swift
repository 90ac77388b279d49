import Foundation
import JSONCore
import TestSupport
import Testing

/// The full tools/list as clients receive it, kept as golden files so every change to the tool surface shows in
/// review. Re-record with `RECORD_SNAPSHOTS=1 swift test --filter ToolListSnapshotTests`.
@Suite struct ToolListSnapshotTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Snapshots")

    func toolsList(_ environment: [String: String]) async throws -> JSONValue {
        let server = try ServerProcess(environment: environment)
        _ = try await server.initialize()
        let answer = try await server.request("tools/list", id: 1)
        server.closeInput()
        return try #require(answer["result"]?["tools"])
    }

    @Test(
        "tools/list matches its golden file",
        arguments: [
            ("tools-list-default.json", [:] as [String: String]),
            ("tools-list-all.json", ["ZOHO_MCP_ACCESS": "full", "ZOHO_MCP_TOOLSETS": "all"]),
        ])
    func snapshot(name: String, environment: [String: String]) async throws {
        let tools = try await toolsList(environment)
        try Snapshot.assertMatches(tools.serialized(.pretty) + "\n", named: name, directory: Self.snapshots)
    }

    @Test("tools/list is deterministic, sorted, and every tool is well formed for clients")
    func invariants() async throws {
        let environment = ["ZOHO_MCP_ACCESS": "full", "ZOHO_MCP_TOOLSETS": "all"]
        let tools = try await toolsList(environment)
        let again = try await toolsList(environment)
        #expect(tools == again)
        let list = try #require(tools.arrayValue)
        let names = list.compactMap { $0["name"]?.stringValue }
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
        for tool in list {
            let name = tool["name"]?.stringValue ?? "?"
            #expect(ToolNameRule.matches(name), "\(name)")
            #expect(tool["title"]?.stringValue?.isEmpty == false, "\(name)")
            #expect(tool["description"]?.stringValue?.isEmpty == false, "\(name)")
            #expect(tool["inputSchema"]?["type"] == "object", "\(name)")
            for combinator in ["anyOf", "oneOf", "allOf"] {
                #expect(tool["inputSchema"]?[combinator] == nil, "\(name)")
            }
            // Hints equal to MCP's defaults are left out; those present are booleans, and the title is not
            // repeated in the annotations of a revision that has a top-level title.
            let annotations = try #require(tool["annotations"]?.objectValue, "\(name)")
            for (hint, value) in annotations {
                #expect(
                    ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"].contains(hint)
                        && value.boolValue != nil, "\(name): \(hint)")
            }
        }
    }
}

/// The name rule the tests hold every tool to: what Claude, Cursor and the MCP spec all accept.
enum ToolNameRule {
    static func matches(_ name: String) -> Bool {
        name.range(of: "^[a-z][a-z0-9_]{0,31}$", options: .regularExpression) != nil
    }
}
