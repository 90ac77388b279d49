import ArgumentParser
import CurlHTTP
import JSONCore
import ZohoBillingTools

extension ZohoBillingMCP {
    /// Runs one tool from a shell, under the same policy as `serve`.
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one tool and print its result.",
            discussion: "Example: zoho-billing-mcp call list_invoices --arguments '{\"status\":\"overdue\"}'"
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The tool name.")
        var tool: String

        @Option(help: "The arguments as a JSON object.")
        var arguments: String = "{}"

        @Flag(help: "Print only the structured result as compact JSON.")
        var json = false

        func run() async throws {
            let settings = try options.settings()
            guard settings.catalog.tool(named: tool) != nil else {
                throw ValidationError(ToolNames.unknownToolMessage(tool, catalog: settings.catalog))
            }
            let logger = Runtime.bootstrapLogging(level: settings.logLevel)
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(arguments)
            } catch {
                throw ValidationError(
                    "--arguments is not valid JSON (\(error)). Pass a JSON object such as '{\"page\":2}'.")
            }
            let dispatcher = Runtime.makeServices(settings: settings, logger: logger).dispatcher
            let context = DetachedToolCallContext(
                confirmer: UnavailableConfirmer(reason: "`call` cannot ask for confirmation"),
                clientName: "zoho-billing-mcp call")
            let result: ToolDispatcher.CallResult
            do {
                result = try await dispatcher.call(tool, arguments: parsed, context: context)
            } catch {
                throw ValidationError("\(tool) needs input that `call` cannot give.")
            }
            guard case .outcome(let outcome) = result else {
                throw ValidationError(ToolNames.unknownToolMessage(tool, catalog: settings.catalog))
            }
            if outcome.isError {
                StandardError.emit("Error: " + outcome.text + "\n")
                throw ExitCode.failure
            }
            if json {
                print((outcome.structured ?? .null).serialized())
            } else {
                let summary = outcome.text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
                print(summary)
                if let structured = outcome.structured { print(structured.serialized(.pretty)) }
            }
        }
    }
}
