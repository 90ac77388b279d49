#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The controlling terminal: whether a stream is one, and reading a line from it with echo off.
enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Asks on `/dev/tty` (not stdin or stdout, which may be redirected) and reads one line.
    /// - Parameter echo: false for secrets, so that they never appear on screen or in a terminal's scrollback.
    /// - Returns: nil when there is no terminal to ask, or stdin is not one: a script or a test that pipes input
    ///   must not stop at a question on a terminal it does not drive.
    static func ask(_ prompt: String, echo: Bool) -> String? {
        guard isTerminal(0) else { return nil }
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        let canSilence = tcgetattr(fd, &saved) == 0
        if !echo && canSilence {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &silent)
        }
        defer {
            if !echo && canSilence {
                tcsetattr(fd, TCSAFLUSH, &saved)
                _ = "\n".withCString { write(fd, $0, 1) }
            }
        }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        var text = String(decoding: line, as: UTF8.self)
        while text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
