/// Which tools a server exposes: access level, toolsets, and single tools added or removed.
///
/// Precedence, strongest first: the access level (a tool above it is never exposed), then exclusions, then
/// single additions, then toolsets. Always-on toolsets (the organization lookup) are exposed within the access
/// level.
package struct ToolSelection: Sendable, Hashable {
    package var access: AccessLevel
    package var toolsets: Set<String>
    package var includedTools: Set<String>
    package var excludedTools: Set<String>
    package var alwaysOnToolsets: Set<String>

    package init(
        access: AccessLevel = .read,
        toolsets: Set<String>,
        includedTools: Set<String> = [],
        excludedTools: Set<String> = [],
        alwaysOnToolsets: Set<String> = []
    ) {
        self.access = access
        self.toolsets = toolsets
        self.includedTools = includedTools
        self.excludedTools = excludedTools
        self.alwaysOnToolsets = alwaysOnToolsets
    }

    /// The product's default selection at an access level.
    package init(profile: ProductProfile, access: AccessLevel = .read) {
        self.init(
            access: access, toolsets: Set(profile.defaultToolsets), alwaysOnToolsets: Set(profile.alwaysOnToolsets))
    }

    /// Parses a toolset list (`default`, `all`, names, or a mix such as `default,plans`).
    /// - Parameter settingName: how the message names the setting the list came from.
    /// - Throws: ``ConfigurationError`` naming an unknown toolset and the known ones.
    package static func parseToolsets(_ text: String, profile: ProductProfile, settingName: String)
        throws(ConfigurationError) -> Set<String>
    {
        let knownNames = Set(profile.catalog.toolsets.map(\.name))
        var result: Set<String> = []
        for item in splitList(text) {
            switch item {
            case "default": result.formUnion(profile.defaultToolsets)
            case "all": result.formUnion(knownNames)
            default:
                guard knownNames.contains(item) || profile.defaultToolsets.contains(item) else {
                    throw ConfigurationError(
                        "Unknown toolset '\(item)' in \(settingName). Known toolsets: "
                            + (["default", "all"] + knownNames.sorted()).joined(separator: ", ") + ".")
                }
                result.insert(item)
            }
        }
        return result.isEmpty ? Set(profile.defaultToolsets) : result
    }

    /// Parses a list of tool names, rejecting names the catalog does not have.
    /// - Parameter settingName: how the message names the setting the list came from.
    package static func parseToolNames(_ text: String, catalog: ToolCatalog, settingName: String)
        throws(ConfigurationError) -> Set<String>
    {
        var result: Set<String> = []
        for item in splitList(text) {
            guard catalog.tool(named: item) != nil else {
                let suggestion = closestName(to: item, in: catalog.tools.map(\.name))
                throw ConfigurationError(
                    "Unknown tool '\(item)' in \(settingName)."
                        + (suggestion.map { " Did you mean '\($0)'?" } ?? ""))
            }
            result.insert(item)
        }
        return result
    }

    /// Why the tool is not exposed, or nil when it is.
    package func refusal(for tool: ToolDescriptor) -> ToolRefusal? {
        if tool.access > access { return .aboveAccessLevel(tool: tool.name, required: tool.access, current: access) }
        if excludedTools.contains(tool.name) { return .excluded(tool: tool.name) }
        if includedTools.contains(tool.name) || alwaysOnToolsets.contains(tool.toolset)
            || toolsets.contains(tool.toolset)
        {
            return nil
        }
        return .toolsetDisabled(tool: tool.name, toolset: tool.toolset)
    }

    /// The exposed tools of a catalog, in name order.
    package func exposedTools(from catalog: ToolCatalog) -> [ToolDescriptor] {
        catalog.tools.filter { refusal(for: $0) == nil }
    }

    private static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\t" })
            .map { $0.lowercased() }
            .filter { !$0.isEmpty }
    }

    /// The name within two edits of `name`, if there is exactly one closest.
    package static func closestName(to name: String, in names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 2 }.sorted { $0.1 < $1.1 }
        return scored.first?.0
    }

    /// The Levenshtein distance between two names, in bytes.
    package static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
