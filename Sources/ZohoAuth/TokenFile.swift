#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Logging

/// Reads, merges and atomically replaces the token file.
///
/// Callers that write hold the ``TokenFileLock`` first; reads need no lock because the file is only ever
/// replaced by `rename`, so a reader sees the old or the new file whole. A corrupt file is reported and never
/// replaced. The blocking calls here (`fsync` above all) run on the caller's thread: they happen about once an
/// hour and take milliseconds, unlike `flock`, which can wait for another process's HTTP request.
struct TokenFile: Sendable {
    /// Larger files are certainly not token files.
    static let sizeLimit = 1 << 20

    /// The configured path. A symbolic link there is refused, never followed.
    let path: String

    /// The sibling lock file. Not the token file itself: `rename` gives that a new inode on every write.
    var lockPath: String { path + ".lock" }

    /// The directory holding the token file and the lock file.
    var directory: String { Self.directory(of: path) }

    // MARK: - Reading

    /// Reads and validates the file, tightening its permissions to 0600 when they are wider.
    ///
    /// The file is opened without following a symbolic link, and checked to be a regular file owned by this user
    /// before anything else happens to it: permissions are tightened on that very descriptor, so nothing else can
    /// ever be changed through this path.
    /// - Returns: nil when the file does not exist.
    /// - Throws: ``TokenStoreError/corrupt(path:reason:)``, ``TokenStoreError/unreadable(path:reason:)`` or
    ///   ``TokenStoreError/refused(path:reason:)``.
    func read(logger: Logger) throws(TokenStoreError) -> TokenFileContents? {
        let fd: Int32
        do {
            fd = try FileSystem.openDescriptor(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        } catch {
            if error.code == ENOENT { return nil }
            if error.code == ELOOP { throw .refused(path: path, reason: "it is a symbolic link") }
            throw .unreadable(path: path, reason: error.reason)
        }
        defer { try? FileSystem.closeDescriptor(fd) }
        let bytes: [UInt8]
        do {
            let info = try FileSystem.info(ofDescriptor: fd)
            try Self.checkOwnRegularFile(info, path: path)
            tightenPermissions(fd, info: info, what: path, logger: logger)
            guard let all = try FileSystem.readAll(fd, limit: Self.sizeLimit) else {
                throw TokenStoreError.corrupt(path: path, reason: "it is larger than 1 MB")
            }
            bytes = all
        } catch let error as TokenStoreError {
            throw error
        } catch let error as SystemCallError {
            throw .unreadable(path: path, reason: error.reason)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        return try TokenFileContents.parse(bytes, path: path)
    }

    /// Whether the token file exists (as anything).
    func exists() -> Bool {
        (try? FileSystem.info(atPath: path)) != nil
    }

    // MARK: - Writing

    /// Re-reads the file, applies `change` and writes the result when it differs, so that keys written by
    /// anyone else since the caller last looked survive. Call with the lock held.
    /// - Returns: the contents now on disk and whether they were written.
    func update(
        logger: Logger,
        _ change: (inout TokenFileContents) -> Void
    ) throws(TokenStoreError) -> (contents: TokenFileContents, written: Bool) {
        let current = try read(logger: logger)
        var updated = current ?? TokenFileContents()
        change(&updated)
        if let current, current == updated { return (current, false) }
        try write(updated, logger: logger)
        return (updated, true)
    }

    /// Removes the token file (not the lock file, which another process may be waiting on).
    /// - Returns: whether a file was removed.
    func delete() throws(TokenStoreError) -> Bool {
        do {
            return try FileSystem.remove(path)
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
    }

    /// Writes atomically: a new 0600 file beside the target (`O_CREAT|O_EXCL`), `fsync`, `rename` over the
    /// target, then `fsync` of the directory so the rename itself survives a crash.
    private func write(_ contents: TokenFileContents, logger: Logger) throws(TokenStoreError) {
        try ensureDirectory(logger: logger)
        if FileSystem.isSymbolicLink(path) { throw .refused(path: path, reason: "it is a symbolic link") }
        let temporary = "\(directory)/\(temporaryPrefix)\(FileSystem.processID).\(UInt32.random(in: .min ... .max)).tmp"
        do {
            try Self.replace(path, through: temporary, with: contents.serialized)
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
        synchronizeDirectory(directory, logger: logger)
        logger.debug("wrote the token file", metadata: ["path": .string(path)])
    }

    /// How temporary files of ours start: `.<name>.`, then the writer's process id and a random number.
    private var temporaryPrefix: String {
        "." + (path.split(separator: "/").last.map(String.init) ?? "tokens.json") + "."
    }

    /// Removes temporary files a killed writer left beside the token file: they hold full credentials. Only our
    /// own names, only regular files of this user, and only when the process that wrote them is gone.
    func removeStaleTemporaryFiles(logger: Logger) {
        guard let names = try? FileSystem.directoryEntries(directory) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) && name.hasSuffix(".tmp") {
            let middle = name.dropFirst(temporaryPrefix.count).dropLast(4)
            guard let dot = middle.firstIndex(of: "."), let writer = Int32(middle[..<dot]) else { continue }
            guard writer != FileSystem.processID, !FileSystem.processExists(writer) else { continue }
            let candidate = "\(directory)/\(name)"
            guard let info = try? FileSystem.linkInfo(atPath: candidate),
                (try? Self.checkOwnRegularFile(info, path: candidate)) != nil
            else { continue }
            if (try? FileSystem.remove(candidate)) == true {
                logger.notice(
                    "removed a temporary token file left by an interrupted process",
                    metadata: ["path": .string(candidate)])
            }
        }
    }

    /// A regular file owned by the user running this process; anything else is refused.
    static func checkOwnRegularFile(_ info: stat, path: String) throws(TokenStoreError) {
        guard FileSystem.isRegularFile(info) else { throw .refused(path: path, reason: "it is not a regular file") }
        guard info.st_uid == geteuid() else {
            throw .refused(path: path, reason: "it belongs to another user (uid \(info.st_uid))")
        }
    }

    /// Writes `bytes` to a new 0600 file at `temporary` and renames it over `target`; removes the temporary file
    /// on failure.
    private static func replace(
        _ target: String,
        through temporary: String,
        with bytes: [UInt8]
    ) throws(SystemCallError) {
        let fd = try FileSystem.openDescriptor(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: FileSystem.ownerReadWrite)
        var closed = false
        var renamed = false
        defer {
            if !closed { try? FileSystem.closeDescriptor(fd) }
            if !renamed { _ = try? FileSystem.remove(temporary) }
        }
        // The umask can only narrow the mode; set it exactly anyway.
        try FileSystem.setPermissions(ofDescriptor: fd, FileSystem.ownerReadWrite)
        try FileSystem.writeAll(fd, bytes)
        try FileSystem.synchronize(fd)
        closed = true
        try FileSystem.closeDescriptor(fd)
        try FileSystem.replace(target, with: temporary)
        renamed = true
    }

    /// Creates the directory (and missing parents) with mode 0700. Existing directories are left as they are:
    /// the path may point into a shared directory the user chose.
    func ensureDirectory(logger: Logger) throws(TokenStoreError) {
        do {
            if let info = try FileSystem.info(atPath: directory) {
                guard FileSystem.isDirectory(info) else {
                    throw TokenStoreError.unwritable(path: path, reason: "\(directory) is not a directory")
                }
                return
            }
            var missing: [String] = []
            var candidate = directory
            while try FileSystem.info(atPath: candidate) == nil {
                missing.append(candidate)
                let parent = Self.directory(of: candidate)
                if parent == candidate { break }
                candidate = parent
            }
            for directory in missing.reversed() {
                try FileSystem.makeDirectory(directory, FileSystem.ownerOnlyDirectory)
            }
            logger.debug("created the token directory", metadata: ["path": .string(directory)])
        } catch let error as TokenStoreError {
            throw error
        } catch let error as SystemCallError {
            throw .unwritable(path: path, reason: "\(error.reason) while creating \(directory)")
        } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
    }

    // MARK: - Helpers

    private func synchronizeDirectory(_ directory: String, logger: Logger) {
        do {
            let fd = try FileSystem.openDescriptor(directory, O_RDONLY)
            defer { try? FileSystem.closeDescriptor(fd) }
            try FileSystem.synchronize(fd)
        } catch {
            // Some file systems refuse fsync on directories; the data itself is already safe.
            logger.debug("could not fsync the token directory", metadata: ["reason": .string(error.reason)])
        }
    }

    /// The parent directory of a path: `/a/b` → `/a`, `/a` → `/`, `name` → `.`.
    static func directory(of path: String) -> String {
        var trimmedPath = Substring(path)
        while trimmedPath.count > 1, trimmedPath.hasSuffix("/") { trimmedPath.removeLast() }
        guard let slash = trimmedPath.lastIndex(of: "/") else { return "." }
        if slash == trimmedPath.startIndex { return "/" }
        return String(trimmedPath[..<slash])
    }
}

/// Narrows a token or lock file to 0600 when group or others have any access. Failure (a file owned by someone
/// else, say) is logged, not fatal: the file is still usable.
func tightenPermissions(_ fd: Int32, info: stat, what path: String, logger: Logger) {
    let mode = FileSystem.permissions(info)
    guard mode & 0o077 != 0 else { return }
    do {
        try FileSystem.setPermissions(ofDescriptor: fd, FileSystem.ownerReadWrite)
        logger.info(
            "tightened file permissions to 0600",
            metadata: ["path": .string(path), "previous": .string(String(mode, radix: 8))]
        )
    } catch {
        logger.debug(
            "could not tighten file permissions", metadata: ["path": .string(path), "reason": .string(error.reason)])
    }
}
