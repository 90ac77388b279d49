import Synchronization

/// Counts the requests one tool call sends to Zoho, retries and token refreshes included, so the result can say
/// how much of the organization's quota the call used.
package final class RequestTally: Sendable {
    private let sent = Atomic<Int>(0)

    package init() {}

    /// The tally of the tool call running in the current task, if the dispatcher set one.
    @TaskLocal package static var current: RequestTally?

    package var total: Int { sent.load(ordering: .relaxed) }

    func count() {
        sent.add(1, ordering: .relaxed)
    }
}
