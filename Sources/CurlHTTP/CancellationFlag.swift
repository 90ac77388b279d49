internal import Synchronization

/// A one-way flag that `withTaskCancellationHandler` raises and libcurl's progress callback reads
/// on the transfer thread; the atomic makes that cross-thread hand-off safe without a lock.
final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Whether ``cancel()`` has been called.
    var isCancelled: Bool {
        raised.load(ordering: .acquiring)
    }

    /// Raises the flag; the transfer aborts at libcurl's next progress callback.
    func cancel() {
        raised.store(true, ordering: .releasing)
    }
}
