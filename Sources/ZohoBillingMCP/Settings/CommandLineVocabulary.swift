import ZohoBillingTools

/// Names settings the way this command takes them: the environment variable, and the flag that overrides it.
struct CommandLineVocabulary: ToolSettingVocabulary {
    func name(of setting: ToolSetting) -> String {
        switch setting {
        case .access: "ZOHO_MCP_ACCESS (--access)"
        case .toolsets: "ZOHO_MCP_TOOLSETS (--toolsets)"
        case .includedTools: "ZOHO_MCP_TOOLS (--tools)"
        case .excludedTools: "ZOHO_MCP_EXCLUDE_TOOLS (--exclude-tools)"
        case .organizationID: "ZOHO_ORGANIZATION_ID (--organization-id)"
        }
    }
}
