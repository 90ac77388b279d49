import ArgumentParser
import AuditLog
import JSONCore
import ZohoBillingTools

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP {
    /// Reads the audit log: every tool call of every process, filtered, as a table or as JSON lines.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the audit log of tool calls.",
            discussion: """
                Examples: zoho-billing-mcp logs --since 2h --outcome refused
                          zoho-billing-mcp logs --tool void_invoice --json
                          zoho-billing-mcp logs --follow
                """
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "Only calls of this tool (repeat or comma-separate for several).")
        var tool: [String] = []

        @Option(
            help: ArgumentHelp(
                "Only calls with this outcome: "
                    + AuditOutcome.allCases.map(\.rawValue).joined(separator: ", ") + "."))
        var outcome: [String] = []

        @Option(help: "Only calls for this organization id.")
        var organization: String?

        @Option(help: "Only calls since then: a duration back from now (90s, 30m, 2h, 7d) or a UTC date or time.")
        var since: String?

        @Option(help: "Only calls before then, in the same forms as --since.")
        var until: String?

        @Option(help: "Only the call with this execution id (as results carry it in _meta).")
        var executionId: String?

        @Option(help: "Show at most this many calls, the most recent.")
        var limit: Int?

        @Flag(help: "Print the matching lines as JSON lines, as the log stores them.")
        var json = false

        @Flag(help: "Keep running and print calls as they are logged.")
        var follow = false

        func run() async throws {
            let settings = try options.settings()
            guard let path = settings.safety.auditLogPath else {
                throw ValidationError("The audit log is off (ZOHO_MCP_AUDIT_LOG=off), so there is nothing to show.")
            }
            let filter = try makeFilter(now: Date())
            let file = AuditLogFile(path: path)
            var matching: [JSONValue]
            var offset = 0
            do {
                let existing = try file.lines()
                offset = existing.next
                matching = existing.lines.compactMap { try? JSONParser.parse($0) }.filter(filter.matches)
            } catch {
                throw ValidationError("Cannot read the audit log: \(error).")
            }
            if let limit, matching.count > limit { matching = Array(matching.suffix(max(0, limit))) }
            if json {
                for entry in matching { print(entry.serialized()) }
            } else if !follow || !matching.isEmpty {
                print(LogTable.render(matching, header: true), terminator: "")
                if matching.isEmpty { print("No calls in \(path) match.") }
            }
            guard follow else { return }
            // A pipe buffers stdout; a follower must show each line as it comes.
            fflush(nil)
            var headerShown = !json && !matching.isEmpty
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(250))
                guard let fresh = try? file.lines(after: offset) else { continue }
                offset = fresh.next
                let entries = fresh.lines.compactMap { try? JSONParser.parse($0) }.filter(filter.matches)
                guard !entries.isEmpty else { continue }
                if json {
                    for entry in entries { print(entry.serialized()) }
                } else {
                    print(LogTable.render(entries, header: !headerShown), terminator: "")
                    headerShown = true
                }
                fflush(nil)
            }
        }

        private func makeFilter(now: Date) throws -> LogFilter {
            let outcomes = Set(outcome.flatMap { $0.split(separator: ",").map { String($0).lowercased() } })
            let known = Set(AuditOutcome.allCases.map(\.rawValue))
            if let unknown = outcomes.subtracting(known).sorted().first {
                throw ValidationError(
                    "Unknown outcome '\(unknown)'. Use one of: \(AuditOutcome.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            return LogFilter(
                tools: Set(tool.flatMap { $0.split(separator: ",").map(String.init) }),
                outcomes: outcomes,
                organization: organization,
                since: try since.map { try LogFilter.time($0, now: now, option: "--since") },
                until: try until.map { try LogFilter.time($0, now: now, option: "--until") },
                executionID: executionId?.lowercased())
        }
    }
}
