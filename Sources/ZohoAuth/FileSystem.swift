#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The only code in ZohoAuth that calls the C library for files and locks, in the manner of swift-system's
/// `Syscalls.swift` and NIO's `syscall(blocking:where:_:)`: every call retries on `EINTR` and turns `-1` into a
/// ``SystemCallError``. Wrapper names differ from the C names so that the C functions stay callable here.
enum FileSystem {
    /// Mode of the token file and the lock file.
    static let ownerReadWrite: mode_t = 0o600
    /// Mode of directories this module creates.
    static let ownerOnlyDirectory: mode_t = 0o700

    private static func retrying<Result: BinaryInteger>(
        _ name: String,
        _ body: () -> Result
    ) throws(SystemCallError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemCallError(call: name, code: code)
        }
    }

    /// Wraps `open`, always adding `O_CLOEXEC`.
    static func openDescriptor(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(SystemCallError) -> Int32 {
        try retrying("open") { open(path, flags | O_CLOEXEC, mode) }
    }

    /// Wraps `close`. `EINTR` is not retried: on Linux the descriptor is already released by then.
    static func closeDescriptor(_ fd: Int32) throws(SystemCallError) {
        if close(fd) == -1, errno != EINTR { throw SystemCallError(call: "close", code: errno) }
    }

    /// Wraps `fstat`.
    static func info(ofDescriptor fd: Int32) throws(SystemCallError) -> stat {
        var info = stat()
        _ = try retrying("fstat") { fstat(fd, &info) }
        return info
    }

    /// Wraps `stat`; returns nil when the path does not exist.
    static func info(atPath path: String) throws(SystemCallError) -> stat? {
        var info = stat()
        do {
            _ = try retrying("stat") { stat(path, &info) }
        } catch  where error.code == ENOENT {
            return nil
        }
        return info
    }

    /// Wraps `lstat`: the path itself, never what a link points at; nil when it does not exist.
    static func linkInfo(atPath path: String) throws(SystemCallError) -> stat? {
        var info = stat()
        do {
            _ = try retrying("lstat") { lstat(path, &info) }
        } catch  where error.code == ENOENT {
            return nil
        }
        return info
    }

    /// The names in a directory, without `.` and `..`.
    static func directoryEntries(_ path: String) throws(SystemCallError) -> [String] {
        guard let directory = opendir(path) else { throw SystemCallError(call: "opendir", code: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            // `d_name` is a fixed C array (a 256-element tuple in Swift); read it as the C string it holds.
            let name = withUnsafePointer(to: &entry.pointee.d_name) { field in
                field.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: field.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether a process with this id exists (`kill` with signal 0; EPERM means it exists under another user).
    static func processExists(_ id: Int32) -> Bool {
        kill(id, 0) == 0 || errno == EPERM
    }

    /// Wraps `lstat` to tell whether the path itself is a symbolic link.
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Wraps `fchmod`.
    static func setPermissions(ofDescriptor fd: Int32, _ mode: mode_t) throws(SystemCallError) {
        _ = try retrying("fchmod") { fchmod(fd, mode) }
    }

    /// Wraps `read` until end of file. Returns nil as soon as more than `limit` bytes were read.
    static func readAll(_ fd: Int32, limit: Int) throws(SystemCallError) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = try retrying("read") {
                chunk.withUnsafeMutableBytes { buffer in read(fd, buffer.baseAddress, buffer.count) }
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { return nil }
        }
    }

    /// Wraps `write` until every byte is written.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let written = try retrying("write") {
                bytes.withUnsafeBytes { buffer in write(fd, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            offset += written
        }
    }

    /// Wraps `fsync`.
    static func synchronize(_ fd: Int32) throws(SystemCallError) {
        _ = try retrying("fsync") { fsync(fd) }
    }

    /// Wraps `rename`, which replaces `destination` atomically within one file system.
    static func replace(_ destination: String, with source: String) throws(SystemCallError) {
        _ = try retrying("rename") { rename(source, destination) }
    }

    /// Wraps `unlink`; returns false when the path did not exist.
    @discardableResult
    static func remove(_ path: String) throws(SystemCallError) -> Bool {
        do {
            _ = try retrying("unlink") { unlink(path) }
            return true
        } catch  where error.code == ENOENT {
            return false
        }
    }

    /// Wraps `mkdir`; an existing entry is not an error here (the caller checks what it is).
    static func makeDirectory(_ path: String, _ mode: mode_t) throws(SystemCallError) {
        do {
            _ = try retrying("mkdir") { mkdir(path, mode) }
        } catch  where error.code == EEXIST {
            return
        }
    }

    /// Wraps `flock`.
    static func lock(_ fd: Int32, _ operation: Int32) throws(SystemCallError) {
        _ = try retrying("flock") { flock(fd, operation) }
    }

    /// Wraps `realpath`.
    static func resolvedPath(_ path: String) throws(SystemCallError) -> String {
        guard let resolved = realpath(path, nil) else { throw SystemCallError(call: "realpath", code: errno) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Wraps `getpwuid_r`: the current user's home directory from the user database.
    static func homeDirectoryOfCurrentUser() -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result)
        guard status == 0, let result, let directory = result.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.isEmpty ? nil : home
    }

    /// The process id, used to name temporary files.
    static var processID: Int32 { getpid() }

    static func isRegularFile(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
    static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }
    static func permissions(_ info: stat) -> mode_t { info.st_mode & 0o7777 }
}
