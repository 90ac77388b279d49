import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes messages to a descriptor as whole lines. A lock keeps concurrent messages from interleaving, since one
/// large line can take several `write(2)` calls on a pipe.
public final class LineWriter: MessageSink {
    private let descriptor: Int32
    private let closed = Mutex(false)

    /// Creates a writer for an open descriptor, which it does not close.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether the reading end has gone away; later messages are dropped.
    public var isClosed: Bool { closed.withLock { $0 } }

    /// Writes `message` and a line break without interleaving with other messages; drops it once the reader has
    /// gone.
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
