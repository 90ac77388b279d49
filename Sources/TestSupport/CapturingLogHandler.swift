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

/// A `LogHandler` that renders level, message and metadata into a ``LogRecorder``.
///
/// The logger's label is not rendered, so a line reads the same whatever label the code under test chose.
public struct CapturingLogHandler: LogHandler {
    /// Where rendered lines go.
    public let recorder: LogRecorder
    /// The lowest level passed on; everything by default.
    public var logLevel: Logger.Level = .trace
    /// Metadata attached to every line from this handler.
    public var metadata: Logger.Metadata = [:]
    /// Supplies metadata at log time, as swift-log expects every handler to carry.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler that writes into `recorder`.
    public init(recorder: LogRecorder) {
        self.recorder = recorder
    }

    /// One entry of ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Renders the event as `level message key=value …`, keys sorted so lines compare stably.
    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let rendered = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        recorder.append("\(event.level) \(event.message) \(rendered)")
    }
}
