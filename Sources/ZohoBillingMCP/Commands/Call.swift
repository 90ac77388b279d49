import ArgumentParser
import CurlHTTP
import JSONCore
import ZohoBillingTools

extension ZohoBillingMCP {
    /// Runs one tool from a shell, under the same policy as `serve`.
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one tool and print its result.",
            discussion: """
                Example: zoho-billing-mcp call list_invoices --sandbox --arguments '{"status":"overdue"}'
                Lists print as a table, single records as key: value lines; --json prints Zoho's JSON and                 --output csv writes lists and reports as CSV.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The tool name.")
        var tool: String

        @Option(help: "The arguments as a JSON object.")
        var arguments: String = "{}"

        @Flag(help: "Print only the structured result as compact JSON (the same as --output json).")
        var json = false

        @Option(help: "How to print the result: text (a summary and a table or record), json, or csv.")
        var output: CallOutput = .text

        func run() async throws {
            let settings = try options.settings()
            guard settings.catalog.tool(named: tool) != nil else {
                StandardError.emit("Error: " + ToolNames.unknownToolMessage(tool, catalog: settings.catalog) + "\n")
                throw ExitCode.validationFailure
            }
            let logger = Runtime.bootstrapLogging(level: settings.logLevel)
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(arguments)
            } catch {
                throw ValidationError(
                    "--arguments is not valid JSON (\(error)). Pass a JSON object such as '{\"page\":2}'.")
            }
            let dispatcher = try Runtime.makeServices(settings: settings, logger: logger).dispatcher
            // The counts of this run reach the shared usage file before the process exits.
            defer { dispatcher.client.usage?.flush() }
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
            let structured = outcome.structured ?? .null
            let summary = outcome.text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            switch json ? .json : output {
            case .json:
                print(structured.serialized())
            case .csv:
                // The summary goes to stderr, so that stdout redirected to a file is pure CSV.
                StandardError.emit(summary + "\n")
                if let list = ResultRendering.rows(in: structured) {
                    print(ResultRendering.csv(list.rows), terminator: "")
                } else if let record = ResultRendering.record(in: structured) {
                    print(ResultRendering.csv([record]), terminator: "")
                }
            case .text:
                // A result without structured content is its text, which may run to several lines; so is a computed
                // result (a report), whose text already lays its tables out for people.
                let computed = settings.catalog.tool(named: tool)?.path.isEmpty ?? false
                guard outcome.structured != nil, !computed else {
                    print(outcome.text)
                    return
                }
                print(summary)
                if let list = ResultRendering.rows(in: structured) {
                    print("")
                    print(ResultRendering.table(list.rows, key: list.key))
                } else if let record = ResultRendering.record(in: structured), !record.isEmpty {
                    print("")
                    print(ResultRendering.block(record))
                }
            }
        }
    }
}

/// The shapes `call` prints a result in.
enum CallOutput: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case csv
}
