/// How a call ended.
package enum AuditOutcome: String, Sendable, Hashable, CaseIterable {
    case ok
    case error
    case refused
    case preview
    case confirmed
    case declined
    case duplicate
    case unknownOutcome = "unknown_outcome"
    /// Cancelled by the client before it finished.
    case cancelled
}
