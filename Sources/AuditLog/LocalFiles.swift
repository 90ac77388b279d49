#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The only code in this module that calls the C library for files and locks. Every call retries on `EINTR` and
/// turns `-1` into a ``LocalFileError`` naming the path.
enum LocalFiles {
    /// Mode of every file this module creates: the audit log holds arguments and the state files hold bindings.
    static let fileMode: mode_t = 0o600
    /// Mode of the directories this module creates.
    static let directoryMode: mode_t = 0o700

    private static func retrying<Result: BinaryInteger>(
        _ call: String, path: String, _ body: () -> Result
    ) throws(LocalFileError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw LocalFileError(call: call, path: path, code: code)
        }
    }

    /// Creates the directory and its missing parents; directories created here get mode 0700, and the last one
    /// is tightened to 0700 if it already existed with wider permissions.
    static func makeDirectories(_ path: String) throws(LocalFileError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, directoryMode) == -1 {
                let code = errno
                guard code == EEXIST else { throw LocalFileError(call: "mkdir", path: prefix, code: code) }
            }
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0, info.st_uid == getuid() {
            _ = chmod(path, directoryMode)
        }
    }

    /// Opens a file for appending, creating it with mode 0600 (and tightening an existing one).
    static func openForAppend(_ path: String) throws(LocalFileError) -> Int32 {
        let fd = try retrying("open", path: path) {
            open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, fileMode)
        }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & 0o077 != 0 { _ = fchmod(fd, fileMode) }
        return fd
    }

    /// Opens a file for reading and writing, creating it with mode 0600.
    static func openForUpdate(_ path: String) throws(LocalFileError) -> Int32 {
        try retrying("open", path: path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, fileMode) }
    }

    /// Opens a file for writing from empty, creating it with mode 0600.
    static func openForReplacing(_ path: String) throws(LocalFileError) -> Int32 {
        try retrying("open", path: path) { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode) }
    }

    /// Opens an existing file for reading; nil when it does not exist.
    static func openForReading(_ path: String) throws(LocalFileError) -> Int32? {
        do {
            return try retrying("open", path: path) { open(path, O_RDONLY | O_CLOEXEC) }
        } catch  where error.code == ENOENT {
            return nil
        }
    }

    static func close(_ fd: Int32) {
        _ = unistdClose(fd)
    }

    /// Writes the bytes with one `write` call when the kernel takes them all, which is what keeps concurrent
    /// appends from interleaving inside a line; a short write (a full disk) is finished with further calls.
    static func write(_ fd: Int32, _ bytes: [UInt8], path: String) throws(LocalFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = try retrying("write", path: path) {
                bytes.withUnsafeBytes { buffer in unistdWrite(fd, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            offset += written
        }
    }

    /// Reads from the current offset to the end of the file.
    static func readToEnd(_ fd: Int32, path: String) throws(LocalFileError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = try retrying("read", path: path) {
                chunk.withUnsafeMutableBytes { buffer in unistdRead(fd, buffer.baseAddress, buffer.count) }
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads a whole file; nil when it does not exist.
    static func contents(of path: String) throws(LocalFileError) -> [UInt8]? {
        guard let fd = try openForReading(path) else { return nil }
        defer { close(fd) }
        return try readToEnd(fd, path: path)
    }

    /// The file's size, or nil when it does not exist.
    static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// The size of an open file.
    static func size(ofDescriptor fd: Int32) -> Int {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Takes an exclusive `flock`, waiting for it. The holders of these locks keep them for one read and one
    /// append of a small file, so the wait is short enough to take on the calling thread.
    static func lockExclusive(_ fd: Int32, path: String) throws(LocalFileError) {
        _ = try retrying("flock", path: path) { flock(fd, LOCK_EX) }
    }

    static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
    }

    /// Opens `<path>.lock` (creating it) and takes its exclusive lock, which guards `path` among processes. Give
    /// the descriptor back with ``releaseLock(_:)``.
    static func lockBeside(_ path: String) throws(LocalFileError) -> Int32 {
        let lockPath = path + ".lock"
        let lock = try openForUpdate(lockPath)
        do {
            try lockExclusive(lock, path: lockPath)
        } catch {
            close(lock)
            throw error
        }
        return lock
    }

    /// Unlocks and closes a descriptor from ``lockBeside(_:)``.
    static func releaseLock(_ lock: Int32) {
        unlock(lock)
        close(lock)
    }

    /// Replaces the file at `path` with `bytes` all at once: written to `<path>.new`, then renamed over it, so a
    /// reader sees the old contents or the new, never half. Callers hold the file's lock.
    static func replace(_ path: String, with bytes: [UInt8]) throws(LocalFileError) {
        let temporary = path + ".new"
        let fd = try openForReplacing(temporary)
        do {
            try write(fd, bytes, path: temporary)
            close(fd)
        } catch {
            close(fd)
            throw error
        }
        try move(temporary, to: path)
    }

    /// Wraps `rename`; a missing source is not an error (rotation moves only the files that exist).
    static func move(_ source: String, to destination: String) throws(LocalFileError) {
        do {
            _ = try retrying("rename", path: source) { rename(source, destination) }
        } catch  where error.code == ENOENT {
            return
        }
    }
}

// The C functions under other names: inside `LocalFiles` its own `write` and `close` hide them.
private func unistdWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func unistdRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func unistdClose(_ fd: Int32) -> Int32 {
    close(fd)
}
