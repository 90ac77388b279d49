import ArgumentParser
import CurlHTTP
import JSONCore
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP {
    /// Shows what the current configuration exposes.
    struct Tools: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the tools the current configuration exposes.",
            subcommands: [List.self, Show.self, Docs.self],
            defaultSubcommand: List.self
        )
    }
}

extension ZohoBillingMCP.Tools {
    /// Lists tools, one per line or as JSON.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the exposed tools.")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Print the tools as MCP clients receive them, as JSON.")
        var json = false

        @Flag(help: "Include tools the current access level, toolsets or exclusions hide.")
        var all = false

        func run() async throws {
            let settings = try options.settings()
            let catalog = settings.catalog
            let exposed = settings.selection.exposedTools(from: catalog)
            let tools = all ? catalog.tools : exposed
            if json {
                let listing = JSONValue.array(tools.map { ToolListing.json(for: $0) })
                print(listing.serialized(.pretty))
                return
            }
            let width = tools.map(\.name.count).max() ?? 0
            for tool in tools {
                let name = tool.name + String(repeating: " ", count: width - tool.name.count)
                let access = tool.access.rawValue + String(repeating: " ", count: 11 - tool.access.rawValue.count)
                let marker = settings.selection.refusal(for: tool) == nil ? "" : "  (hidden)"
                print("\(name)  \(access) \(tool.title)\(marker)")
            }
            let hidden = catalog.tools.count - exposed.count
            let note =
                hidden > 0 && !all ? "; \(hidden) more hidden by the access level or toolsets (--all shows them)" : ""
            print(
                "\(tools.count) tool\(tools.count == 1 ? "" : "s") at access level \(settings.selection.access.settingName)\(note)."
            )
        }
    }

    /// Prints one tool in full.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one tool: description, schema and mapping.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The tool name.")
        var name: String

        func run() async throws {
            let settings = try options.settings()
            guard let tool = settings.catalog.tool(named: name) else {
                throw ValidationError(ToolNames.unknownToolMessage(name, catalog: settings.catalog))
            }
            var listing = ToolListing.json(for: tool).objectValue ?? [:]
            listing["access"] = .string(tool.access.rawValue)
            listing["toolset"] = .string(tool.toolset)
            // Computed tools (reports) have no single request of their own.
            listing["request"] = .string(
                tool.path.isEmpty ? "computed from list endpoints" : "\(tool.method.rawValue) \(tool.path)")
            listing["exposed"] = .bool(settings.selection.refusal(for: tool) == nil)
            if let refusal = settings.selection.refusal(for: tool) {
                listing["hidden_because"] = .string(refusal.message(using: CommandLineVocabulary()))
            }
            print(JSONValue.object(listing).serialized(.pretty))
        }
    }

    /// Writes docs/tools.md, the reference of every tool.
    struct Docs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the tool reference (docs/tools.md) from the built-in catalog.",
            discussion: """
                Lists every tool of the product by toolset, whatever the current settings, and the API \
                operations without a tool. The "Result sizes" section of an existing file is kept as it is, \
                unless --measure measures it anew on the sandbox.
                """)

        @Option(help: "The file to write.")
        var output = "docs/tools.md"

        @Flag(help: "Write nothing; fail if the file is not what this command would write (sizes aside).")
        var check = false

        @Flag(help: "Measure the list tools' result sizes on the sandbox and write them into the page.")
        var measure = false

        func run() async throws {
            let existing = FileManager.default.contents(atPath: output).map { String(decoding: $0, as: UTF8.self) }
            var sizes = ToolReference.measuredSizes(in: existing)
            if measure {
                // Settings of their own, so the caller's environment cannot point the measurement at Zoho.
                let sandbox = try GlobalOptions.parse([
                    "--sandbox", "--access", "read", "--toolsets", "all", "--audit-log", "off", "--log-level", "error",
                ]).settings(environment: [:])
                let (measured, skipped) = try await ResultSizes.measure(settings: sandbox)
                let today = Date.now.formatted(.iso8601.year().month().day())
                sizes = ResultSizes.markdown(measured, skipped: skipped, date: today)
            }
            let page = ToolReference.markdown(profile: .billing, omitted: OmittedOperation.billing, sizes: sizes)
            if check {
                guard existing == page else {
                    StandardError.emit(
                        "\(output) is out of date. Run `zoho-billing-mcp tools docs --output \(output)` and commit it.\n"
                    )
                    throw ExitCode.failure
                }
                print("\(output) is up to date.")
                return
            }
            guard FileManager.default.createFile(atPath: output, contents: Data(page.utf8)) else {
                throw ValidationError("Could not write \(output); check that its directory exists and is writable.")
            }
            print("Wrote \(output).")
        }
    }
}
