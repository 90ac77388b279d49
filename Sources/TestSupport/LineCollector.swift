public import Foundation
import Synchronization

/// Collects lines from a pipe on a thread of its own and hands them out in order.
///
/// Waiting is asynchronous: the loopback Zoho runs on Swift's cooperative pool, which has as many threads as
/// cores, so a test that blocked a thread while waiting could starve the very server it waits for.
public final class LineCollector: Sendable {
    private struct State {
        var lines: [String] = []
        var consumed = 0
        var closed = false
        var waiters: [UInt64: CheckedContinuation<String?, Never>] = [:]
        var nextWaiter: UInt64 = 0
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Creates a collector with no lines; ``start(reading:)`` begins the reading.
    public init() {}

    /// Starts the reading thread, which runs until `handle` reaches end of file.
    public func start(reading handle: FileHandle) {
        let thread = Thread { [self] in
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    append(line)
                }
            }
            if !buffer.isEmpty { append(String(decoding: buffer, as: UTF8.self)) }
            let (waiters, closeWaiters) = state.withLock { state in
                state.closed = true
                defer {
                    state.waiters = [:]
                    state.closeWaiters = []
                }
                return (Array(state.waiters.values), state.closeWaiters)
            }
            for waiter in waiters { waiter.resume(returning: nil) }
            for waiter in closeWaiters { waiter.resume() }
        }
        thread.start()
    }

    private func append(_ line: String) {
        let waiter: CheckedContinuation<String?, Never>? = state.withLock { state in
            state.lines.append(line)
            guard let key = state.waiters.keys.min() else { return nil }
            state.consumed += 1
            return state.waiters.removeValue(forKey: key)
        }
        waiter?.resume(returning: line)
    }

    /// The next unread line, or nil when the pipe closed or `timeout` seconds passed.
    public func next(timeout: Double) async -> String? {
        let key: UInt64 = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let timer = Task {
            try? await Task.sleep(for: .seconds(timeout))
            let waiter = state.withLock { $0.waiters.removeValue(forKey: key) }
            waiter?.resume(returning: nil)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let immediate: String?? = state.withLock { state in
                if state.consumed < state.lines.count {
                    state.consumed += 1
                    return .some(state.lines[state.consumed - 1])
                }
                if state.closed { return .some(nil) }
                state.waiters[key] = continuation
                return .none
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Returns once the writing end has closed and every line has been read in.
    public func waitUntilClosed() async {
        await withCheckedContinuation { continuation in
            let closed = state.withLock { state in
                if state.closed { return true }
                state.closeWaiters.append(continuation)
                return false
            }
            if closed { continuation.resume() }
        }
    }

    /// Every line read so far, handed out or not, in order.
    public var all: [String] { state.withLock { $0.lines } }
}
