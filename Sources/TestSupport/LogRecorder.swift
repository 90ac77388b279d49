public import Logging
import Synchronization

/// Collects rendered log lines and lets a test wait for one.
public final class LogRecorder: Sendable {
    private struct State {
        var lines: [String] = []
        var waiters: [(needle: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    /// Creates an empty recorder.
    public init() {}

    /// Every line recorded so far, oldest first.
    public var lines: [String] { state.withLock { $0.lines } }

    /// Records one rendered line and wakes the tests waiting for it.
    public func append(_ line: String) {
        let ready = state.withLock { state in
            state.lines.append(line)
            let ready = state.waiters.filter { line.contains($0.needle) }
            state.waiters.removeAll { line.contains($0.needle) }
            return ready
        }
        ready.forEach { $0.continuation.resume() }
    }

    /// Returns once a line containing `needle` has been logged.
    public func waitForLine(containing needle: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let seen = state.withLock { state in
                let seen = state.lines.contains { $0.contains(needle) }
                if !seen { state.waiters.append((needle, continuation)) }
                return seen
            }
            if seen { continuation.resume() }
        }
    }

    /// A logger at trace level that writes here.
    public func logger(label: String = "TestSupport") -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }
}
