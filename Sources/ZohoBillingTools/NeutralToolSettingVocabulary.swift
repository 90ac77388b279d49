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
