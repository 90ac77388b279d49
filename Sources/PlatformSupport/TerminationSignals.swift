#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGTERM and SIGINT turned into a call on an ordinary thread, where a server can finish its work and exit.
///
/// A signal handler may do almost nothing safely; this one writes the signal's number to a pipe, and a thread of
/// its own reads the pipe and calls `handler` there. The first signal goes to the handler; a second one of either
/// kind ends the process at once, the way a user pressing Ctrl-C twice expects.
public enum TerminationSignals {
    /// Installs the handlers; call once. `handler` receives the signal number (SIGTERM or SIGINT).
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return }
        signalPipe = descriptors[1]
        let reading = descriptors[0]
        startDetachedThread {
            var number: UInt8 = 0
            while true {
                let count = read(reading, &number, 1)
                if count == 1 { break }
                if count < 0 && errno == EINTR { continue }
                return
            }
            handler(Int32(number))
        }
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber) { received in
                if signalsSeen == 0 {
                    signalsSeen = 1
                    var byte = UInt8(truncatingIfNeeded: received)
                    _ = write(signalPipe, &byte, 1)
                } else {
                    // A second request to stop: do it now, with the status a shell reports for the signal.
                    _exit(128 + received)
                }
            }
        }
    }
}

// Written before the handlers are installed and read inside them; a signal handler cannot take locks, and a
// single aligned word is all it needs.
nonisolated(unsafe) private var signalPipe: Int32 = -1
nonisolated(unsafe) private var signalsSeen: Int32 = 0
