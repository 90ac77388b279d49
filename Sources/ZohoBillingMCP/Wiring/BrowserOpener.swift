#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens a URL in the user's browser, or says it could not.
///
/// `ZOHO_MCP_BROWSER` names the command to use instead (`none` opens nothing), which is how tests play the
/// browser themselves and how a user picks one.
enum BrowserOpener {
    /// Starts the browser on `url` without waiting for it.
    /// - Returns: false when no browser can be opened here (no display, no opener, or `none`).
    static func open(_ url: String, environment: [String: String]) -> Bool {
        let command: String
        if let chosen = environment["ZOHO_MCP_BROWSER"], !chosen.isEmpty {
            if chosen.lowercased() == "none" { return false }
            command = chosen
        } else {
            #if canImport(Darwin)
                command = "open"
            #else
                let display = environment["DISPLAY"] ?? environment["WAYLAND_DISPLAY"] ?? ""
                guard !display.isEmpty else { return false }
                command = "xdg-open"
            #endif
        }
        return spawn(command, [url])
    }

    /// Whether this looks like a session where a browser on this machine is out of reach.
    static func isHeadless(environment: [String: String]) -> Bool {
        #if canImport(Darwin)
            return environment["SSH_CONNECTION"] != nil && environment["ZOHO_MCP_BROWSER"] == nil
        #else
            let display = environment["DISPLAY"] ?? environment["WAYLAND_DISPLAY"] ?? ""
            return display.isEmpty && environment["ZOHO_MCP_BROWSER"] == nil
        #endif
    }

    private static func spawn(_ command: String, _ arguments: [String]) -> Bool {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The browser's chatter must not mix with this program's output.
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([command] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawnp(&pid, command, &actions, nil, argv, environ)
        return status == 0
    }
}
