import Foundation
import TestSupport
import Testing

/// The README's settings table and `serve --help` name the same flags and environment variables.
@Suite struct ReadmeSettingsTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "README.md")

    /// `--flag` and `ZOHO_…` words in `text`.
    static func words(in text: String, prefix: String) -> Set<String> {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        var found: Set<String> = []
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            let word = rest[range.lowerBound...].prefix { allowed.contains($0) }
            if word.count > prefix.count { found.insert(String(word)) }
            rest = rest[range.upperBound...]
        }
        return found
    }

    @Test("Every flag and variable of serve --help is in the README's settings table, and nothing else is")
    func tableMatchesHelp() async throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n## Settings\n").dropFirst().first)
        let table = section.components(separatedBy: "\n## ").first ?? ""
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("| `") }.joined(separator: "\n")
        let help = try await BinaryRun.run(["serve", "--help"]).stdout
        let helpFlags = Self.words(in: help, prefix: "--").subtracting(["--help", "--version"])
        #expect(Self.words(in: rows, prefix: "--") == helpFlags)
        // The table also lists the variables that have no flag (credentials, audit log, browser).
        let helpVariables = Self.words(in: help, prefix: "ZOHO_")
        let tableVariables = Self.words(in: rows, prefix: "ZOHO_")
        #expect(helpVariables.isSubset(of: tableVariables), "\(helpVariables.subtracting(tableVariables))")
    }
}
