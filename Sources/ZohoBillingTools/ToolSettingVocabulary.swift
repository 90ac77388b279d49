/// Names settings in messages. The runtime knows settings, not how a person sets them; the executable names its
/// flags and environment variables, and tests may use the neutral words.
package protocol ToolSettingVocabulary: Sendable {
    /// How a person refers to the setting, e.g. `ZOHO_MCP_ACCESS (--access)`.
    func name(of setting: ToolSetting) -> String
}
