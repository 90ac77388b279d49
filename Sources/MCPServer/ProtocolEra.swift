/// How a request reached the server: through a legacy `initialize` session, or as a stateless 2026-07-28 request.
public enum ProtocolEra: Sendable, Hashable {
    case legacy(version: String)
    case modern(version: String)

    /// The protocol revision.
    public var version: String {
        switch self {
        case .legacy(let version), .modern(let version): version
        }
    }

    /// Whether this is the stateless 2026-07-28 era.
    public var isModern: Bool {
        if case .modern = self { return true }
        return false
    }
}
