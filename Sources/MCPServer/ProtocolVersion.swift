/// The MCP protocol revisions this server speaks, and which era each belongs to.
///
/// Legacy revisions open a session with `initialize`; modern ones carry version and client capabilities in
/// every request's `_meta` and need no handshake.
public enum ProtocolVersion {
    /// Handshake revisions, newest first; `initialize` echoes any of these and offers the first otherwise.
    public static let legacy = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    /// Revisions served statelessly from per-request `_meta`, newest first.
    public static let modern = ["2026-07-28"]
    /// Everything, newest first, as named in an unsupported-version error.
    public static let all = modern + legacy

    /// Whether a legacy revision has form elicitation (added in 2025-06-18).
    static func legacyHasElicitation(_ version: String) -> Bool {
        version >= "2025-06-18"
    }

    /// Whether a legacy revision's `elicitation/create` carries `mode` (added in 2025-11-25).
    static func legacyHasElicitationMode(_ version: String) -> Bool {
        version >= "2025-11-25"
    }
}
