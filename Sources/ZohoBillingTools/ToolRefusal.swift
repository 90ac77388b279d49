/// Why a configuration does not expose a tool.
package enum ToolRefusal: Sendable, Hashable {
    case aboveAccessLevel(tool: String, required: AccessLevel, current: AccessLevel)
    case excluded(tool: String)
    case toolsetDisabled(tool: String, toolset: String)

    /// A sentence that says which setting would change it, named by `vocabulary`.
    package func message(using vocabulary: any ToolSettingVocabulary) -> String {
        switch self {
        case .aboveAccessLevel(let tool, let required, let current):
            let needed = required.settingName
            return "`\(tool)` is a \(required.rawValue) tool and this server runs at access level "
                + "\(current.settingName). Ask the user to set \(vocabulary.name(of: .access)) to \(needed) if they "
                + "want to allow it."
        case .excluded(let tool):
            return "`\(tool)` is excluded by \(vocabulary.name(of: .excludedTools))."
        case .toolsetDisabled(let tool, let toolset):
            return "`\(tool)` belongs to the '\(toolset)' toolset, which is not enabled. Add it to "
                + "\(vocabulary.name(of: .toolsets)), or add the tool to \(vocabulary.name(of: .includedTools)), "
                + "to use it."
        }
    }
}
