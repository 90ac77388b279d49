import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The audit log on disk: a JSON-lines file that several processes append to, rotated at a size limit.
///
/// Each line is written with one `write` on a descriptor opened with `O_APPEND`, so lines from concurrent processes
/// land whole and in some order, never torn. Rotation renames `audit.jsonl` → `audit.jsonl.1` → … under an
/// exclusive lock on a sibling `.lock` file, so two processes never rotate the same file twice.
package struct AuditLogFile: Sendable {
    /// The current file's path.
    package var path: String
    /// The size at which the current file is rotated.
    package var rotationBytes: Int
    /// How many rotated files are kept besides the current one.
    package var keptFiles: Int
    /// The descriptor appends go to, kept open between lines (see ``append(_:)``).
    private let appender = Appender()

    package init(path: String, rotationBytes: Int = 10 * 1024 * 1024, keptFiles: Int = 3) {
        self.path = path
        self.rotationBytes = max(rotationBytes, 1)
        self.keptFiles = max(keptFiles, 1)
    }

    private var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private func rotatedPath(_ index: Int) -> String { "\(path).\(index)" }

    /// Checks that a line could be appended now (the directory and file can be created and opened), without
    /// writing anything.
    /// - Throws: ``LocalFileError`` saying what is in the way.
    package func checkWritable() throws(LocalFileError) {
        try LocalFiles.makeDirectories(directory)
        let fd = try LocalFiles.openForAppend(path)
        LocalFiles.close(fd)
    }

    /// Appends one line (a newline is added), rotating first when the file has reached the size limit.
    ///
    /// The file stays open between lines: opening, checking and closing it for every line cost four system calls on
    /// every tool call. Whether the path still names the open file (another process may have rotated it, or someone
    /// deleted it) and how large it is are checked again at most once a second and whenever this process's own
    /// count says a rotation is due, so a line written just after another process rotated may land at the end of
    /// the rotated file, still inside the log.
    package func append(_ line: String) throws(LocalFileError) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        try appender.state.withLock { state throws(LocalFileError) in
            let now = ContinuousClock.now
            if let open = state, open.size + bytes.count <= rotationBytes, now < open.checkAgain {
                try LocalFiles.write(open.descriptor, bytes, path: path)
                state?.size += bytes.count
                return
            }
            if let open = state {
                LocalFiles.close(open.descriptor)
                state = nil
            }
            if let size = LocalFiles.size(of: path), size + bytes.count > rotationBytes, size > 0 {
                try rotate()
            }
            let fd: Int32
            do throws(LocalFileError) {
                fd = try LocalFiles.openForAppend(path)
            } catch  where error.code == ENOENT {
                // Only the first line needs the directories; creating them on every call would cost a call per level.
                try LocalFiles.makeDirectories(directory)
                fd = try LocalFiles.openForAppend(path)
            }
            state = Appender.Open(
                descriptor: fd, size: LocalFiles.size(ofDescriptor: fd), checkAgain: now + .seconds(1))
            try LocalFiles.write(fd, bytes, path: path)
            state?.size += bytes.count
        }
    }

    /// The open descriptor and what is known of its file, shared by the copies of one ``AuditLogFile``.
    private final class Appender: Sendable {
        struct Open {
            var descriptor: Int32
            /// The file's size when last checked, plus what this process has written since.
            var size: Int
            /// When to check again that the path still names this file.
            var checkAgain: ContinuousClock.Instant
        }

        let state = Mutex<Open?>(nil)

        deinit {
            state.withLock { open in
                if let open { LocalFiles.close(open.descriptor) }
            }
        }
    }

    private func rotate() throws(LocalFileError) {
        let lock = try LocalFiles.lockBeside(path)
        defer { LocalFiles.releaseLock(lock) }
        // Another process may have rotated while this one waited for the lock.
        guard let size = LocalFiles.size(of: path), size >= rotationBytes / 2 else { return }
        for index in stride(from: keptFiles - 1, through: 1, by: -1) {
            try LocalFiles.move(rotatedPath(index), to: rotatedPath(index + 1))
        }
        try LocalFiles.move(path, to: rotatedPath(1))
    }

    /// Every line of the rotated files and the current file, oldest first, and the offset in the current file to
    /// follow it from; lines that are not complete (no final newline) are left out.
    package func lines() throws(LocalFileError) -> (lines: [String], next: Int) {
        var result: [String] = []
        for file in (1...keptFiles).reversed().map(rotatedPath) {
            guard let bytes = try LocalFiles.contents(of: file) else { continue }
            result.append(contentsOf: AuditLogFile.completeLines(bytes))
        }
        let current = try lines(after: 0)
        return (result + current.lines, current.next)
    }

    /// The lines appended to the current file after `offset`, and the offset to continue from. A file that
    /// shrank (it was rotated) is read again from its start.
    package func lines(after offset: Int) throws(LocalFileError) -> (lines: [String], next: Int) {
        guard let fd = try LocalFiles.openForReading(path) else { return ([], 0) }
        defer { LocalFiles.close(fd) }
        let size = LocalFiles.size(ofDescriptor: fd)
        let start = size < offset ? 0 : offset
        guard size > start else { return ([], start) }
        let bytes = try LocalFiles.readToEnd(fd, path: path)
        let fresh = bytes.dropFirst(start)
        guard let lastBreak = fresh.lastIndex(of: 0x0A) else { return ([], start) }
        let complete = Array(fresh[fresh.startIndex...lastBreak])
        return (AuditLogFile.completeLines(complete), start + complete.count)
    }

    static func completeLines(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            if index > start { lines.append(String(decoding: bytes[start..<index], as: UTF8.self)) }
            start = index + 1
        }
        return lines
    }
}
