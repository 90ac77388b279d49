import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
        var delivered = false
        while true {
            if delivered {
                delivered = false
                spinUntilReadable()
            }
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
                    delivered = true
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

    /// How long the thread stays awake for the next line after delivering one. A client's next request usually
    /// follows the last answer within a fraction of a millisecond; finding it awake saves waking a sleeping
    /// thread, which costs tens of microseconds on virtual machines (the transfer workers do the same).
    static let spinDuration: Duration = .microseconds(300)

    /// Polls the descriptor without blocking, yielding the processor in between, until it is readable (or at
    /// end of file, or in error) or ``spinDuration`` passes; the blocking read that follows then finds data at
    /// once or sleeps as before.
    private func spinUntilReadable() {
        let deadline = ContinuousClock.now + Self.spinDuration
        var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
        while ContinuousClock.now < deadline {
            if poll(&descriptor, 1, 0) != 0 { return }
            sched_yield()
        }
    }
}
