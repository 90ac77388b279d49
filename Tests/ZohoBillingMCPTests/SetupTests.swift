import Foundation
import JSONCore
import TestSupport
import Testing

/// `setup` through the built binary: the entry it prints, and the merge into a client's config file.
@Suite struct SetupTests {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("The entry carries the absolute binary path and the chosen settings, and no secret")
    func printedEntry() async throws {
        let run = try await BinaryRun.run(
            [
                "setup", "claude-desktop", "--access", "write", "--organization-id", "20071234", "--toolsets",
                "invoices",
            ],
            environment: [
                "ZOHO_CLIENT_ID": "1000.ID", "ZOHO_CLIENT_SECRET": "very-secret-value",
                "ZOHO_REFRESH_TOKEN": "1000.refresh-secret-value",
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let entry = try #require(try JSONParser.parse(run.stdout)["mcpServers"]?["zoho-billing"])
        let command = try #require(entry["command"]?.stringValue)
        #expect(command.hasPrefix("/") && command.hasSuffix("zoho-billing-mcp"))
        #expect(FileManager.default.isExecutableFile(atPath: command))
        #expect(entry["env"]?["ZOHO_MCP_ACCESS"] == "write")
        #expect(entry["env"]?["ZOHO_ORGANIZATION_ID"] == "20071234")
        #expect(entry["env"]?["ZOHO_MCP_TOOLSETS"] == "invoices")
        #expect(entry["args"] == nil)
        for secret in ["very-secret-value", "1000.refresh-secret-value", "ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN"] {
            #expect(!run.stdout.contains(secret))
        }
        #expect(run.stderr.contains("not copied"))

        let sandbox = try await BinaryRun.run(["setup", "cursor", "--sandbox"])
        let sandboxEntry = try JSONParser.parse(sandbox.stdout)["mcpServers"]?["zoho-billing"]
        #expect(sandboxEntry?["args"] == ["--sandbox"])
        #expect(sandboxEntry?["env"]?["ZOHO_MCP_ACCESS"] == "full")

        let code = try await BinaryRun.run(["setup", "claude-code", "--access", "read"])
        #expect(code.stdout.hasPrefix("claude mcp add --scope user zoho-billing --env ZOHO_MCP_ACCESS=read -- /"))
    }

    @Test("--write merges into the config file, keeps other servers and writes a backup")
    func mergeKeepsOtherServers() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appending(path: "Claude/claude_desktop_config.json")

        let created = try await BinaryRun.run([
            "setup", "claude-desktop", "--sandbox", "--write", "--config", config.path,
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try JSONParser.parse(Data(contentsOf: config))["mcpServers"]?["zoho-billing"]?["args"] == ["--sandbox"])

        let existing =
            #"{"globalShortcut":"Ctrl+Space","mcpServers":{"files":{"command":"/usr/bin/files-mcp","args":["/tmp"]}}}"#
        try Data(existing.utf8).write(to: config)
        let merged = try await BinaryRun.run(
            ["setup", "claude-desktop", "--access", "read", "--write", "--config", config.path])
        #expect(merged.status == 0, "\(merged.stderr)")
        let file = try JSONParser.parse(Data(contentsOf: config))
        #expect(file["globalShortcut"] == "Ctrl+Space")
        #expect(file["mcpServers"]?["files"]?["command"] == "/usr/bin/files-mcp")
        #expect(file["mcpServers"]?["zoho-billing"]?["env"]?["ZOHO_MCP_ACCESS"] == "read")
        let backups = try FileManager.default.contentsOfDirectory(atPath: config.deletingLastPathComponent().path)
            .filter { $0.hasPrefix("claude_desktop_config.json.backup-") }
        #expect(backups.count >= 1)
        let newest = try #require(backups.sorted().last)
        let backup = try String(contentsOf: config.deletingLastPathComponent().appending(path: newest), encoding: .utf8)
        #expect(backup == existing)
    }

    @Test("An invalid config file is refused and left untouched")
    func invalidConfigRefused() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appending(path: "mcp.json")
        for broken in [#"{"mcpServers": {"files": "#, "[1, 2]", #"{"mcpServers": []}"#] {
            try Data(broken.utf8).write(to: config)
            let run = try await BinaryRun.run(["setup", "cursor", "--write", "--config", config.path])
            #expect(run.status == 1)
            #expect(run.stderr.contains("not changed"), "\(run.stderr)")
            #expect(try String(contentsOf: config, encoding: .utf8) == broken)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files == ["mcp.json"], "no backup or temporary file is left behind")
    }
}
