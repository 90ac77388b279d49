public import Logging
import PlatformSupport
import Synchronization

/// MCP's stdio transport: one JSON-RPC message per line on stdin and stdout.
///
/// A dedicated thread blocks in `read(2)` and hands every complete line already buffered to the server at once,
/// so a burst (initialize, initialized, tools/list in one write) is never held back. Framing is linear in the
/// input: only newly read bytes are searched for a line break, and a line longer than the limit is discarded up to
/// its end with an error answer. Writes go through ``LineWriter``, one whole line per message under a lock, so
/// concurrent answers never interleave.
public final class StdioTransport: Sendable {
    /// Where messages go: stdout, as whole lines.
    public let writer: LineWriter
    /// Whether ``stop()`` was called, and how to end ``run(_:)``'s reading early while it reads.
    private let stopState = Mutex<(requested: Bool, stopReading: (@Sendable () -> Void)?)>((false, nil))
    private let input: Int32
    private let maximumLineLength: Int
    private let drainGracePeriod: Duration
    private let logger: Logger

    /// - Parameters:
    ///   - input: the descriptor to read, stdin by default.
    ///   - output: the descriptor to write, stdout by default.
    ///   - maximumLineLength: longer lines are refused with an invalid-request error, and reading goes on.
    ///   - drainGracePeriod: after end of input, how long requests still running may take to answer.
    public init(
        input: Int32 = 0, output: Int32 = 1, maximumLineLength: Int = 32 << 20,
        drainGracePeriod: Duration = .seconds(30), logger: Logger
    ) {
        self.input = input
        self.writer = LineWriter(descriptor: output)
        self.maximumLineLength = maximumLineLength
        self.drainGracePeriod = drainGracePeriod
        self.logger = logger
    }

    /// Reads until end of input, then waits (up to the grace period) for the requests still in flight.
    ///
    /// When the client stops reading stdout (a write fails, for example with `EPIPE`), it returns at once and
    /// cancels every call in flight: nobody would see their results, and a change made for nobody is the last
    /// thing a billing tool should do.
    public func run(_ server: MCPServer) async {
        let ending = await withCheckedContinuation { (finished: CheckedContinuation<Ending, Never>) in
            let once = Mutex(false)
            let finish: @Sendable (Ending) -> Void = { ending in
                let first = once.withLock { done -> Bool in
                    defer { done = true }
                    return !done
                }
                if first { finished.resume(returning: ending) }
            }
            let stoppedAlready = stopState.withLock { state -> Bool in
                state.stopReading = { finish(.stopRequested) }
                return state.requested
            }
            if stoppedAlready { finish(.stopRequested) }
            let reader = LineReader(
                descriptor: input, maximumLineLength: maximumLineLength, logger: logger,
                deliver: { [writer, self] line in
                    // After a stop, lines still arriving are left unread: the process is on its way out.
                    if !writer.isClosed, !self.stopState.withLock({ $0.requested }) { server.receive(line) }
                },
                reject: { [writer] detail in
                    writer.send(
                        #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \#(detail)"}}"#
                    )
                })
            writer.onClose { finish(.outputClosed) }
            startDetachedThread {
                reader.run()
                finish(.inputEnded)
            }
        }
        stopState.withLock { $0.stopReading = nil }
        switch ending {
        case .outputClosed:
            logger.warning(
                "The client closed stdout; stopping and cancelling the requests in flight",
                metadata: ["requests": "\(server.inFlightCount)"])
            server.inputEnded()
            server.cancelAll()
        case .inputEnded: return await drain(server, for: drainGracePeriod, answering: nil)
        case .stopRequested:
            return await drain(
                server, for: stopGracePeriod,
                answering: .internalError(
                    "the server is shutting down and stopped this request; a change it was making may or may not "
                        + "have been applied, so check before repeating it."))
        }
    }

    /// Stops reading and lets ``run(_:)`` finish the requests in flight (up to a few seconds), then answer the
    /// rest with an error and return; for SIGTERM and SIGINT. Safe to call from any thread.
    public func stop() {
        let stopReading = stopState.withLock { state in
            state.requested = true
            return state.stopReading
        }
        stopReading?()
    }

    /// How long requests in flight may take to finish after ``stop()``: shorter than the end-of-input grace, since
    /// whoever sends a termination signal wants the process gone soon.
    private var stopGracePeriod: Duration { min(drainGracePeriod, .seconds(5)) }

    private enum Ending {
        case inputEnded
        case outputClosed
        case stopRequested
    }

    /// Waits for the requests in flight, up to `grace`; then cancels the rest, answering them with `error` if any.
    private func drain(_ server: MCPServer, for grace: Duration, answering error: JSONRPCError?) async {
        server.inputEnded()
        let deadline = ContinuousClock.now + grace
        while server.inFlightCount > 0, !writer.isClosed {
            if ContinuousClock.now >= deadline {
                let message: Logger.Message =
                    error == nil
                    ? "Input ended and requests were still running after the grace period; they get no answer"
                    : "Requests were still running when the server stopped; they were cancelled and answered with an error"
                logger.warning(message, metadata: ["requests": "\(server.inFlightCount)"])
                server.cancelAll(answering: error)
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
