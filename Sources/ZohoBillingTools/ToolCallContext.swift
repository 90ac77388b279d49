/// What a running tool can reach besides Zoho: progress reporting, the person (through a ``Confirmer``), and who
/// is calling. The MCP layer provides one per request; the `call` command provides its own.
///
/// Cancellation is Swift task cancellation: a cancelled call sees `Task.isCancelled` and `CancellationError`.
package protocol ToolCallContext: Sendable {
    /// Reports progress; ignored when nobody asked for it.
    func reportProgress(_ completed: Double, total: Double?, message: String?)
    /// Asks the person to confirm an action.
    var confirmer: any Confirmer { get }
    /// The client's self-reported name, for the audit record.
    var clientName: String? { get }
}

/// A yes/no question for the person at the client.
package struct ConfirmationQuestion: Sendable, Hashable {
    /// Distinguishes questions within one call.
    package var key: String
    /// What will happen if they say yes, in full.
    package var message: String

    package init(key: String = "confirm", message: String) {
        self.key = key
        self.message = message
    }
}

/// The person's answer.
package enum ConfirmationAnswer: Sendable, Hashable {
    case confirmed
    case declined
    case cancelled
    /// Nobody could be asked; the reason says why.
    case unavailable(String)
}

/// Asks the person. Implementations may suspend the call instead of answering (the 2026-07-28 era answers the
/// request with `input_required` and the client retries it): they throw ``ToolCallSuspended``, which the
/// dispatcher passes through untouched.
package protocol Confirmer: Sendable {
    func confirm(_ question: ConfirmationQuestion) async throws -> ConfirmationAnswer
}

/// A confirmer for contexts where nobody can be asked.
package struct UnavailableConfirmer: Confirmer {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }

    package func confirm(_ question: ConfirmationQuestion) async throws -> ConfirmationAnswer {
        .unavailable(reason)
    }
}

/// The call cannot finish now and will be asked again (see ``Confirmer``); carries the protocol layer's signal.
package struct ToolCallSuspended: Error, Sendable {
    package var signal: any Error & Sendable

    package init(_ signal: any Error & Sendable) {
        self.signal = signal
    }
}

/// A context for calls made outside MCP: no progress, nobody to ask.
package struct DetachedToolCallContext: ToolCallContext {
    package var confirmer: any Confirmer
    package var clientName: String?

    package init(confirmer: any Confirmer, clientName: String?) {
        self.confirmer = confirmer
        self.clientName = clientName
    }

    package func reportProgress(_ completed: Double, total: Double?, message: String?) {}
}
