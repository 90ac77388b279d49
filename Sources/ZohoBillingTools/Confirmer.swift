/// Asks the person. Implementations may suspend the call instead of answering (the 2026-07-28 era answers the
/// request with `input_required` and the client retries it): they throw ``ToolCallSuspended``, which the
/// dispatcher passes through untouched.
package protocol Confirmer: Sendable {
    func confirm(_ question: ConfirmationQuestion) async throws -> ConfirmationAnswer
}
