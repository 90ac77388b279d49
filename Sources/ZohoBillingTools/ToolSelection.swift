import Foundation

/// Which tools a server exposes: access level, toolsets, and single tools added or removed.
///
/// Precedence, strongest first: the access level (a tool above it is never exposed), then exclusions, then
/// single additions, then toolsets. `list_organizations` is always exposed, since every other call needs it.
package struct ToolSelection: Sendable, Hashable {
    /// The toolsets `default` stands for.
    package static let defaultToolsets = ["customers", "invoices", "subscriptions", "payments", "reports"]
    /// Toolsets that are always on.
    package static let alwaysOnToolsets = ["organizations"]

    package var access: AccessLevel
    package var toolsets: Set<String>
    package var includedTools: Set<String>
    package var excludedTools: Set<String>

    package init(
        access: AccessLevel = .read,
        toolsets: Set<String> = Set(defaultToolsets),
        includedTools: Set<String> = [],
        excludedTools: Set<String> = []
    ) {
        self.access = access
        self.toolsets = toolsets
        self.includedTools = includedTools
        self.excludedTools = excludedTools
    }

    /// Parses the `ZOHO_MCP_TOOLSETS` list (`default`, `all`, names, or a mix such as `default,plans`).
    /// - Throws: ``ConfigurationError`` naming an unknown toolset and the known ones.
    package static func parseToolsets(_ text: String, known: [ToolsetInfo] = ToolCatalog.toolsets)
        throws(ConfigurationError)
        -> Set<String>
    {
        let knownNames = Set(known.map(\.name))
        var result: Set<String> = []
        for item in splitList(text) {
            switch item {
            case "default": result.formUnion(defaultToolsets)
            case "all": result.formUnion(knownNames)
            default:
                guard knownNames.contains(item) || defaultToolsets.contains(item) else {
                    throw ConfigurationError(
                        "Unknown toolset '\(item)' in ZOHO_MCP_TOOLSETS. Known toolsets: "
                            + (["default", "all"] + knownNames.sorted()).joined(separator: ", ") + ".")
                }
                result.insert(item)
            }
        }
        return result.isEmpty ? Set(defaultToolsets) : result
    }

    /// Parses a `ZOHO_MCP_TOOLS` or `ZOHO_MCP_EXCLUDE_TOOLS` list, rejecting names the catalog does not have.
    package static func parseToolNames(
        _ text: String, setting: String, catalog: [ToolDescriptor] = ToolCatalog.allTools
    )
        throws(ConfigurationError) -> Set<String>
    {
        let names = Set(catalog.map(\.name))
        var result: Set<String> = []
        for item in splitList(text) {
            guard names.contains(item) else {
                throw ConfigurationError(
                    "Unknown tool '\(item)' in \(setting). Run `zoho-billing-mcp tools list --all` to see every tool name."
                )
            }
            result.insert(item)
        }
        return result
    }

    /// Whether the tool is exposed, and if not, why (a sentence that says what setting would change it).
    package func refusal(for tool: ToolDescriptor) -> String? {
        if tool.access > access {
            let needed = tool.access == .destructive ? "full" : "write"
            return "`\(tool.name)` is a \(tool.access.rawValue) tool and this server runs at access level "
                + "\(access.settingName). Ask the user to set ZOHO_MCP_ACCESS=\(needed) (or --access \(needed)) "
                + "if they want to allow it."
        }
        if excludedTools.contains(tool.name) {
            return "`\(tool.name)` is excluded by ZOHO_MCP_EXCLUDE_TOOLS."
        }
        if includedTools.contains(tool.name) || ToolSelection.alwaysOnToolsets.contains(tool.toolset)
            || toolsets.contains(tool.toolset)
        {
            return nil
        }
        return "`\(tool.name)` belongs to the '\(tool.toolset)' toolset, which is not enabled. Add it to "
            + "ZOHO_MCP_TOOLSETS (or ZOHO_MCP_TOOLS=\(tool.name)) to use it."
    }

    /// The exposed tools, in name order.
    package func exposedTools(from catalog: [ToolDescriptor] = ToolCatalog.allTools) -> [ToolDescriptor] {
        catalog.filter { refusal(for: $0) == nil }
    }

    private static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
    }
}

extension AccessLevel {
    /// The name users write in ZOHO_MCP_ACCESS (`full` is the level that allows destructive tools).
    package var settingName: String { self == .destructive ? "full" : rawValue }

    /// Parses `read`, `write` or `full` (`destructive` is accepted too).
    package init(settingName: String) throws(ConfigurationError) {
        switch settingName.lowercased().trimmingCharacters(in: .whitespaces) {
        case "read": self = .read
        case "write": self = .write
        case "full", "destructive": self = .destructive
        default:
            throw ConfigurationError("Unknown access level '\(settingName)'. Use read, write or full.")
        }
    }
}
