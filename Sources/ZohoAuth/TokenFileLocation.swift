/// Where the token file lives.
public enum TokenFileLocation {
    /// `$XDG_CONFIG_HOME/zoho-billing-mcp/tokens.json`, else `~/.config/zoho-billing-mcp/tokens.json`.
    ///
    /// As the XDG base-directory spec asks, an empty or relative `XDG_CONFIG_HOME` is ignored. The home directory
    /// is `HOME`, else the user database entry.
    /// - Parameter environment: usually `ProcessInfo.processInfo.environment`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return join(config, "zoho-billing-mcp/tokens.json")
        }
        return join(homeDirectory(environment: environment), ".config/zoho-billing-mcp/tokens.json")
    }

    /// `ZOHO_TOKEN_FILE` when set (a leading `~/` is expanded, since MCP clients pass variables unexpanded),
    /// else ``defaultPath(environment:)``.
    public static func path(environment: [String: String]) -> String {
        guard let explicit = environment["ZOHO_TOKEN_FILE"].map(trimmed), !explicit.isEmpty else {
            return defaultPath(environment: environment)
        }
        if explicit == "~" || explicit.hasPrefix("~/") {
            return join(homeDirectory(environment: environment), String(explicit.dropFirst(2)))
        }
        return explicit
    }

    private static func homeDirectory(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileSystem.homeDirectoryOfCurrentUser() ?? "/"
    }

    private static func join(_ directory: String, _ relative: String) -> String {
        var base = directory
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        if relative.isEmpty { return base }
        return base == "/" ? "/" + relative : base + "/" + relative
    }
}
