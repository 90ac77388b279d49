public import Logging
import PlatformSupport

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
    public func run(_ server: MCPServer) async {
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            let reader = LineReader(
                descriptor: input, maximumLineLength: maximumLineLength, logger: logger,
                deliver: { server.receive($0) },
                reject: { [writer] detail in
                    writer.send(
                        #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: \#(detail)"}}"#
                    )
                })
            startDetachedThread {
                reader.run()
                finished.resume()
            }
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
