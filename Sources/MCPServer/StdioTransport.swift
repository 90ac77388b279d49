public import Logging
import PlatformSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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

/// Writes messages to a descriptor as whole lines. A lock keeps concurrent messages from interleaving, since one
/// large line can take several `write(2)` calls on a pipe.
public final class LineWriter: MessageSink {
    private let descriptor: Int32
    private let closed = Mutex(false)

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether the reading end has gone away; later messages are dropped.
    public var isClosed: Bool { closed.withLock { $0 } }

    public func send(_ message: String) {
        var line = message
        line.append("\n")
        closed.withLock { isClosed in
            guard !isClosed else { return }
            line.withUTF8 { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR || errno == EAGAIN { continue }
                        isClosed = true
                        return
                    }
                    offset += written
                }
            }
        }
    }
}

/// The body of the stdin thread.
struct LineReader: Sendable {
    let descriptor: Int32
    let maximumLineLength: Int
    let logger: Logger
    let deliver: @Sendable ([UInt8]) -> Void
    let reject: @Sendable (String) -> Void

    func run() {
        var buffer: [UInt8] = []
        var scanned = 0
        var discarding = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                logger.error("Reading stdin failed", metadata: ["errno": "\(errno)"])
                break
            }
            if count == 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            var lineStart = 0
            while let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                if discarding {
                    discarding = false
                } else {
                    deliver(Array(buffer[lineStart..<newline]))
                }
                lineStart = newline + 1
                scanned = lineStart
            }
            scanned = buffer.count
            if lineStart > 0 {
                buffer.removeFirst(lineStart)
                scanned -= lineStart
            }
            if buffer.count > maximumLineLength {
                if !discarding {
                    reject("the line is longer than \(maximumLineLength) bytes; it was skipped.")
                    discarding = true
                }
                buffer.removeAll(keepingCapacity: false)
                scanned = 0
            }
        }
        if !buffer.isEmpty && !discarding { deliver(buffer) }
    }
}
