/// When the client sends a request again after a failure that may pass: Zoho's rate limits, its 5xx answers, a
/// lost connection or a timeout.
///
/// Only requests that cannot change anything (GET) are retried after a failure that may have reached Zoho. A
/// write is sent again only when Zoho's answer says it refused the request before acting on it.
package struct RetryPolicy: Sendable, Hashable {
    /// Sends per call, the first included.
    package var maximumAttempts: Int
    /// The time a call may spend retrying, waits included; no retry starts that would end after it.
    package var budget: Duration
    /// The first backoff's upper bound; each later one doubles, up to ``maximumDelay``.
    package var baseDelay: Duration
    package var maximumDelay: Duration

    package init(maximumAttempts: Int, budget: Duration, baseDelay: Duration, maximumDelay: Duration) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.budget = budget
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    package static let standard = RetryPolicy(
        maximumAttempts: 4, budget: .seconds(45), baseDelay: .milliseconds(500), maximumDelay: .seconds(8))
    package static let none = RetryPolicy(maximumAttempts: 1, budget: .zero, baseDelay: .zero, maximumDelay: .zero)

    /// "Full jitter": a random wait between zero and the exponential bound, so that callers who failed together do
    /// not retry together.
    package func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let bound = min(maximumDelay, baseDelay * (1 << exponent))
        let milliseconds = Int(bound.components.seconds * 1000 + bound.components.attoseconds / 1_000_000_000_000_000)
        guard milliseconds > 0 else { return .zero }
        return .milliseconds(Int.random(in: 0...milliseconds))
    }
}
