import JSONCore
import Logging
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Measures how much text each list tool hands a model: every list tool is called on the in-process sandbox at
/// per_page 25, once unfiltered and once per value of its `status` filter, and the median of the results is kept.
enum ResultSizes {
    struct Measurement {
        var tool: String
        var calls: Int
        /// Median length in characters of the result's text block.
        var text: Int
        /// Median length in characters of the compact `structuredContent`.
        var structured: Int
    }

    /// The measurements, or the tools that could not be measured and why.
    /// - Parameter settings: the sandbox's, with every toolset on.
    static func measure(settings: ServerSettings) async throws -> (measured: [Measurement], skipped: [String]) {
        let dispatcher = try Runtime.makeServices(settings: settings, logger: Logger(label: "result-sizes")).dispatcher
        let context = DetachedToolCallContext(
            confirmer: UnavailableConfirmer(reason: "measuring reads only"), clientName: "tools docs --measure")
        let lists = dispatcher.exposedTools.filter(\.isList)
        // Values for required arguments (a customer_id), from the first row of the lists that need none.
        var firstRowValues: [String: JSONValue] = [:]
        var measured: [Measurement] = []
        var skipped: [String] = []
        let ordered = lists.filter { required(of: $0).isEmpty } + lists.filter { !required(of: $0).isEmpty }
        for tool in ordered {
            var base: [String: JSONValue] = ["per_page": 25]
            let missing = required(of: tool).filter { firstRowValues[$0] == nil }
            guard missing.isEmpty else {
                skipped.append("`\(tool.name)`: no list gives \(missing.joined(separator: ", "))")
                continue
            }
            for name in required(of: tool) { base[name] = firstRowValues[name] }
            var variants: [[String: JSONValue]] = [base]
            for value in tool.inputSchema["properties"]?["status"]?["enum"]?.arrayValue ?? [] {
                var variant = base
                variant["status"] = value
                variants.append(variant)
            }
            var texts: [Int] = []
            var structured: [Int] = []
            for arguments in variants {
                guard
                    case .outcome(let outcome) = try await dispatcher.call(
                        tool.name, arguments: .object(arguments), context: context),
                    !outcome.isError
                else { continue }
                texts.append(outcome.text.count)
                structured.append((outcome.structuredJSON ?? outcome.structured?.serialized() ?? "").count)
                if arguments == base, let key = tool.responseKey,
                    let row = outcome.structured?[key]?.arrayValue?.first?.objectValue
                {
                    for (field, value) in row where field.hasSuffix("_id") && firstRowValues[field] == nil {
                        firstRowValues[field] = value
                    }
                }
            }
            guard !texts.isEmpty else {
                skipped.append("`\(tool.name)`: every call failed on the sandbox")
                continue
            }
            measured.append(
                Measurement(tool: tool.name, calls: texts.count, text: median(texts), structured: median(structured)))
        }
        return (measured.sorted { $0.tool < $1.tool }, skipped.sorted())
    }

    /// The section's text for docs/tools.md.
    static func markdown(_ measured: [Measurement], skipped: [String], date: String) -> String {
        var out = """
            Measured on the sandbox on \(date) with `zoho-billing-mcp tools docs --measure`: each list tool at
            per_page 25, unfiltered and once per `status` value; the median length in characters of the text
            block and of the compact `structuredContent`. The sandbox's dates follow the day it runs, so figures
            move a little from day to day.

            | tool | calls | text | structuredContent |
            |---|---|---|---|

            """
        for entry in measured {
            out += "| `\(entry.tool)` | \(entry.calls) | \(entry.text) | \(entry.structured) |\n"
        }
        if !skipped.isEmpty {
            out += "\nNot measured: \(skipped.joined(separator: "; ")).\n"
        }
        return String(out.dropLast())
    }

    static func required(of tool: ToolDescriptor) -> [String] {
        (tool.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    static func median(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        return sorted[(sorted.count - 1) / 2]
    }
}
