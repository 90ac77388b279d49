import Logging
import Synchronization

/// Collects rendered log lines and lets a test wait for one.
final class LogRecorder: Sendable {
    private struct State {
        var lines: [String] = []
        var waiters: [(needle: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var lines: [String] { state.withLock { $0.lines } }

    func append(_ line: String) {
        let ready = state.withLock { state in
            state.lines.append(line)
            let ready = state.waiters.filter { line.contains($0.needle) }
            state.waiters.removeAll { line.contains($0.needle) }
            return ready
        }
        ready.forEach { $0.continuation.resume() }
    }

    /// Returns once a line containing `needle` has been logged.
    func waitForLine(containing needle: String) async {
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
    func logger(label: String = "ZohoAuthTests") -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }
}

/// A `LogHandler` that renders level, message and metadata into a ``LogRecorder``.
struct CapturingLogHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let rendered = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        recorder.append("\(event.level) \(event.message) \(rendered)")
    }
}
