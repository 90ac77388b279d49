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
    private let closeHandler = Mutex<(@Sendable () -> Void)?>(nil)

    /// Creates a writer for an open descriptor, which it does not close.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether the reading end has gone away; later messages are dropped.
    public var isClosed: Bool { closed.withLock { $0 } }

    /// Runs `handler` once, when a write finds the reading end gone (or at once if it already has).
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let alreadyClosed = closed.withLock { $0 }
        if alreadyClosed { return handler() }
        closeHandler.withLock { $0 = handler }
        // A write may have failed between the check and storing the handler.
        if closed.withLock({ $0 }), let handler = closeHandler.withLock({ $0.take() }) { handler() }
    }

    /// Writes `message` and a line break without interleaving with other messages; drops it once the reader has
    /// gone.
    public func send(_ message: String) {
        var line = message
        line.append("\n")
        let becameClosed = closed.withLock { isClosed -> Bool in
            guard !isClosed else { return false }
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
            return isClosed
        }
        if becameClosed, let handler = closeHandler.withLock({ $0.take() }) { handler() }
    }
}
