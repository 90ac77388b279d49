/// The settings the tool runtime may ask a person to change.
package enum ToolSetting: Sendable, Hashable, CaseIterable {
    case access
    case toolsets
    case includedTools
    case excludedTools
    case organizationID
}
