import ZohoBillingTools

/// Messages about tool names typed at the command line.
enum ToolNames {
    /// Says the name is unknown, suggests the closest one, and points at the full list.
    static func unknownToolMessage(_ name: String, catalog: ToolCatalog) -> String {
        var message = "No tool named '\(name)'."
        if let suggestion = ToolSelection.closestName(to: name, in: catalog.tools.map(\.name)) {
            message += " Did you mean '\(suggestion)'?"
        }
        return message + " Run `zoho-billing-mcp tools list --all` to see them all."
    }
}
