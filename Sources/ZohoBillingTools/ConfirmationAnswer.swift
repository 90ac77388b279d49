/// The person's answer.
package enum ConfirmationAnswer: Sendable, Hashable {
    case confirmed
    case declined
    case cancelled
    /// Nobody could be asked; the reason says why.
    case unavailable(String)
}
