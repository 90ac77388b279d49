/// The settings the tool runtime may ask a person to change.
package enum ToolSetting: Sendable, Hashable, CaseIterable {
    case access
    case toolsets
    case includedTools
    case excludedTools
    case organizationID
}

/// Names settings in messages. The runtime knows settings, not how a person sets them; the executable names its
/// flags and environment variables, and tests may use the neutral words.
package protocol ToolSettingVocabulary: Sendable {
    /// How a person refers to the setting, e.g. `ZOHO_MCP_ACCESS (--access)`.
    func name(of setting: ToolSetting) -> String
}

/// Plain words, for messages outside any command line.
package struct NeutralToolSettingVocabulary: ToolSettingVocabulary {
    package init() {}

    package func name(of setting: ToolSetting) -> String {
        switch setting {
        case .access: "the access level setting"
        case .toolsets: "the toolsets setting"
        case .includedTools: "the added-tools setting"
        case .excludedTools: "the excluded-tools setting"
        case .organizationID: "the default organization setting"
        }
    }
}
