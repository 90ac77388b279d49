internal import Synchronization

/// A one-way flag that `withTaskCancellationHandler` raises and the transfer thread reads.
///
/// While a transfer waits for the network, the thread running it sleeps in `curl_multi_poll`; raising the flag
/// also runs the transfer's wake-up hook (`curl_multi_wakeup`), so the transfer stops within moments instead of at
/// libcurl's next progress callback, which comes about once a second while nothing arrives.
final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    /// Set only while a transfer is waiting on it; guarded so that a hook never runs after it was removed.
    private let wakeUp = Mutex<(@Sendable () -> Void)?>(nil)

    /// Whether ``cancel()`` has been called.
    var isCancelled: Bool {
        raised.load(ordering: .acquiring)
    }

    /// Raises the flag and wakes the transfer waiting on it, if any.
    func cancel() {
        raised.store(true, ordering: .releasing)
        wakeUp.withLock { hook in hook?() }
    }

    /// Runs `body` with `hook` installed as the way to wake it. The hook runs at most once per ``cancel()``, and
    /// never after `body` returns.
    func whileWaiting<Result>(wakingWith hook: @escaping @Sendable () -> Void, _ body: () throws -> Result) rethrows
        -> Result
    {
        wakeUp.withLock { $0 = hook }
        defer { wakeUp.withLock { $0 = nil } }
        return try body()
    }
}
