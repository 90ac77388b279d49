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
        let outputClosed = await withCheckedContinuation { (finished: CheckedContinuation<Bool, Never>) in
            let once = Mutex(false)
            let finish: @Sendable (Bool) -> Void = { closed in
                let first = once.withLock { done -> Bool in
                    defer { done = true }
                    return !done
                }
                if first { finished.resume(returning: closed) }
            }
            let reader = LineReader(
                descriptor: input, maximumLineLength: maximumLineLength, logger: logger,
                deliver: { [writer] line in if !writer.isClosed { server.receive(line) } },
                reject: { [writer] detail in
                    writer.send(
                        #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \#(detail)"}}"#
                    )
                })
            writer.onClose { finish(true) }
            startDetachedThread {
                reader.run()
                finish(false)
            }
        }
        if outputClosed {
            logger.warning(
                "The client closed stdout; stopping and cancelling the requests in flight",
                metadata: ["requests": "\(server.inFlightCount)"])
            server.inputEnded()
            server.cancelAll()
            return
        }
        server.inputEnded()
        let deadline = ContinuousClock.now + drainGracePeriod
        while server.inFlightCount > 0, !writer.isClosed {
            if ContinuousClock.now >= deadline {
                logger.warning(
                    "Input ended and requests were still running after the grace period; they get no answer",
                    metadata: ["requests": "\(server.inFlightCount)"])
                server.cancelAll()
                break
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
