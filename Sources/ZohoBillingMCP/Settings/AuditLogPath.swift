/// Where the audit log goes, resolved as DESIGN.md §2 describes: `ZOHO_MCP_AUDIT_LOG`, else
/// `$XDG_STATE_HOME/zoho-billing-mcp/audit.jsonl`, else `~/.local/state/zoho-billing-mcp/audit.jsonl`; `off`
/// turns it off.
enum AuditLogPath: Equatable {
    case file(String)
    case disabled

    static func resolve(environment: [String: String]) -> AuditLogPath {
        if let configured = environment["ZOHO_MCP_AUDIT_LOG"], !configured.isEmpty {
            if ["off", "0", "false", "no", "none"].contains(configured.lowercased()) { return .disabled }
            if configured == "~" || configured.hasPrefix("~/") {
                return .file(home(environment) + String(configured.dropFirst(1)))
            }
            return .file(configured)
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return .file(state + "/zoho-billing-mcp/audit.jsonl")
        }
        return .file(home(environment) + "/.local/state/zoho-billing-mcp/audit.jsonl")
    }

    private static func home(_ environment: [String: String]) -> String {
        var home = environment["HOME"] ?? "/"
        while home.count > 1, home.hasSuffix("/") { home.removeLast() }
        return home == "/" ? "" : home
    }
}
