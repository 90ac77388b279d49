import ZohoBillingTools

/// Messages about tool names typed at the command line.
enum ToolNames {
    /// Says the name is unknown, suggests the closest ones, and points at the full list.
    static func unknownToolMessage(_ name: String, catalog: ToolCatalog) -> String {
        var message = "No tool named '\(name)'."
        let suggestions = closestNames(to: name, in: catalog.tools.map(\.name))
        if !suggestions.isEmpty {
            message += " Did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
        }
        return message + " Run `zoho-billing-mcp tools list --all` to see them all."
    }

    /// Up to three names within a few edits of `name` (closest first), or else those that contain it as a word:
    /// `invoices` finds `list_invoices`.
    static func closestNames(to name: String, in names: [String]) -> [String] {
        let typed = name.lowercased()
        let limit = max(2, min(4, typed.count / 3))
        let near = names.map { ($0, ToolSelection.editDistance(typed, $0)) }.filter { $0.1 <= limit }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
        if !near.isEmpty { return Array(near.prefix(3)) }
        let words = typed.split(separator: "_").filter { $0.count >= 3 }
        let containing = names.filter { candidate in words.contains { candidate.contains($0) } }.sorted()
        return Array(containing.prefix(3))
    }
}
