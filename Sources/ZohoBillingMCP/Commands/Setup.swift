import ArgumentParser
import CurlHTTP
import JSONCore
import Logging
import ZohoAuth
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP {
    /// Prints, or writes, the entry that makes an MCP client launch this server.
    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Connect an MCP client: print its server entry, or merge it into the client's config with --write.",
            discussion: """
                The entry holds the binary's absolute path and the chosen settings (access level, organization, \
                toolsets, --sandbox); never a secret, which stays in the token file.
                """,
            subcommands: [ClaudeDesktop.self, ClaudeCode.self, Cursor.self]
        )
    }
}

/// Options every `setup` target takes.
struct SetupOptions: ParsableArguments {
    @OptionGroup var options: GlobalOptions

    @Option(help: "The server's name in the client.")
    var name = "zoho-billing"

    /// The server entry: command, arguments and the settings chosen by flag or environment.
    func entry() async throws -> (command: String, arguments: [String], environment: [(String, String)]) {
        let environment = ProcessInfo.processInfo.environment
        let settings = try options.settings(environment: environment)
        var variables: [(String, String)] = []
        func chosen(_ name: String, _ flag: String?) {
            if let flag, !flag.isEmpty {
                variables.append((name, flag))
            } else if let value = environment[name], !value.isEmpty {
                variables.append((name, value))
            }
        }
        chosen("ZOHO_MCP_PRODUCT", options.product)
        chosen("ZOHO_REGION", options.region)
        if !settings.sandbox, options.region == nil, environment["ZOHO_REGION"] == nil, options.accountsUrl == nil,
            environment["ZOHO_ACCOUNTS_URL"] == nil, let region = await signedInRegion(settings),
            region != settings.region
        {
            // The sign-in found the account in another data centre; API calls must go there too.
            variables.append(("ZOHO_REGION", region.rawValue))
        }
        chosen("ZOHO_ACCOUNTS_URL", options.accountsUrl)
        chosen("ZOHO_API_BASE_URL", options.apiBaseUrl)
        chosen("ZOHO_TOKEN_FILE", options.tokenFile)
        chosen("ZOHO_ORGANIZATION_ID", options.organizationId)
        variables.append(("ZOHO_MCP_ACCESS", settings.selection.access.settingName))
        chosen("ZOHO_MCP_TOOLSETS", options.toolsets)
        chosen("ZOHO_MCP_TOOLS", options.tools)
        chosen("ZOHO_MCP_EXCLUDE_TOOLS", options.excludeTools)
        chosen("ZOHO_MCP_AUDIT_LOG", nil)
        chosen("ZOHO_MCP_CONFIRM", nil)
        // The absolute path: the client starts the server from a directory of its own choosing.
        if let state = settings.sandboxStatePath { variables.append(("ZOHO_MCP_SANDBOX_STATE", state)) }
        return (ExecutablePath.current(), settings.sandbox ? ["--sandbox"] : [], variables)
    }

    /// The data centre the token file's refresh token belongs to, when it is one of Zoho's.
    private func signedInRegion(_ settings: ServerSettings) async -> ZohoRegion? {
        let session = OAuthSession.configured(
            by: settings, logger: Logger(label: "setup", factory: { _ in SwiftLogNoOpLogHandler() }))
        guard let recorded = try? await session.status().recordedAccountsURL else { return nil }
        return ZohoRegion.allCases.first { $0.accountsURL.host == recorded.host?.lowercased() }
    }

    /// The entry as the `mcpServers` member that Claude Desktop and Cursor read.
    func json() async throws -> JSONValue {
        let (command, arguments, variables) = try await entry()
        var object: [String: JSONValue] = ["command": .string(command)]
        if !arguments.isEmpty { object["args"] = .array(arguments.map { .string($0) }) }
        if !variables.isEmpty {
            object["env"] = .object(Dictionary(variables.map { ($0.0, JSONValue.string($0.1)) }) { _, last in last })
        }
        return .object(object)
    }

    /// Prints the entry, or merges it into `path` with `write`.
    func printOrWrite(client: String, path: String, write: Bool) async throws {
        let entry = try await json()
        if ProcessInfo.processInfo.environment["ZOHO_CLIENT_SECRET"] != nil
            || ProcessInfo.processInfo.environment["ZOHO_REFRESH_TOKEN"] != nil
        {
            StandardError.emit(
                "Note: credentials in the environment are not copied into the entry; the token file holds them.\n")
        }
        guard write else {
            print(JSONValue.object(["mcpServers": .object([name: entry])]).serialized(.pretty))
            StandardError.emit(
                "Add this to \(path) (keep your other servers), or run again with --write to merge it there; a "
                    + "backup of the file is kept.\n")
            return
        }
        do {
            let outcome = try ClientConfigFile.merge(path: path, name: name, entry: entry)
            print("\(outcome.replaced ? "Replaced" : "Added") the \(name) server in \(path).")
            if let backup = outcome.backup { print("The previous file is saved as \(backup).") }
            print("Restart \(client) to load it, then ask it something like \"list my overdue invoices\".")
        } catch let refusal as ClientConfigFile.Refusal {
            StandardError.emit("Error: \(refusal.description)\n")
            throw ExitCode.failure
        }
    }

    /// `~` for config paths.
    var home: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/"
        return home.hasSuffix("/") ? String(home.dropLast()) : home
    }
}

extension ZohoBillingMCP.Setup {
    /// Claude Desktop reads `claude_desktop_config.json`.
    struct ClaudeDesktop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "claude-desktop", abstract: "Print or write the Claude Desktop entry.")

        @OptionGroup var setup: SetupOptions

        @Flag(help: "Merge the entry into the config file (after a backup).")
        var write = false

        @Option(help: "The config file (default: Claude Desktop's on this platform).")
        var config: String?

        func run() async throws {
            #if canImport(Darwin)
                let platformPath = setup.home + "/Library/Application Support/Claude/claude_desktop_config.json"
            #else
                let base = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"].flatMap {
                    $0.hasPrefix("/") ? $0 : nil
                }
                let platformPath = (base ?? setup.home + "/.config") + "/Claude/claude_desktop_config.json"
            #endif
            try await setup.printOrWrite(client: "Claude Desktop", path: config ?? platformPath, write: write)
        }
    }

    /// Cursor reads `~/.cursor/mcp.json` (or a project's `.cursor/mcp.json`).
    struct Cursor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print or write the Cursor entry.")

        @OptionGroup var setup: SetupOptions

        @Flag(help: "Merge the entry into the config file (after a backup).")
        var write = false

        @Option(help: "The config file (default: ~/.cursor/mcp.json; a project's is .cursor/mcp.json).")
        var config: String?

        func run() async throws {
            try await setup.printOrWrite(
                client: "Cursor", path: config ?? setup.home + "/.cursor/mcp.json", write: write)
        }
    }

    /// Claude Code registers servers with its own command.
    struct ClaudeCode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "claude-code", abstract: "Print the `claude mcp add` command that registers the server.")

        @OptionGroup var setup: SetupOptions

        func run() async throws {
            let (command, arguments, variables) = try await setup.entry()
            var words = ["claude", "mcp", "add", "--scope", "user", setup.name]
            for (name, value) in variables { words += ["--env", "\(name)=\(value)"] }
            words += ["--", command] + arguments
            print(words.map(Self.shellQuoted).joined(separator: " "))
        }

        /// Single-quotes a word when the shell would otherwise split or expand it.
        static func shellQuoted(_ word: String) -> String {
            let safe = word.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "-_./=:,@+".unicodeScalars.contains($0)
            }
            if safe && !word.isEmpty { return word }
            return "'" + word.replacing("'", with: "'\\''") + "'"
        }
    }
}
