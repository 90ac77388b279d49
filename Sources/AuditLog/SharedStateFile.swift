#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
package import JSONCore

/// One small JSON object shared by every process of this user (the API usage counts), read and rewritten under
/// an exclusive `flock` on a sibling `.lock` file and replaced by rename, so that a reader never sees half of a
/// write and a crash leaves the previous contents.
///
/// Unlike ``StateJournal`` the contents are one object, not lines; contents that do not parse as an object are
/// handed to the caller as corrupt, so that it can start afresh and say so.
package struct SharedStateFile: Sendable {
    /// What was on disk when the caller looked.
    package enum Contents: Sendable, Equatable {
        case missing
        case object([String: JSONValue])
        /// The bytes did not parse as a JSON object; the payload says what was wrong.
        case corrupt(String)
    }

    /// Identifies one version of the file cheaply: a rename gives a new inode, a rewrite a new time or size.
    package struct Stamp: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64
    }

    package var path: String

    package init(path: String) {
        self.path = path
    }

    /// The file's current stamp with one `stat`, or nil when it does not exist.
    package func stamp() -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            let modified = info.st_mtimespec
        #else
            let modified = info.st_mtim
        #endif
        return Stamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedSeconds: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec))
    }

    /// Reads the file without the lock: writers replace it by rename, so this sees one whole version.
    /// - Throws: ``LocalFileError`` when it exists but cannot be read.
    package func read() throws -> (contents: Contents, stamp: Stamp?) {
        let stampBefore = stamp()
        guard let bytes = try LocalFiles.contents(of: path) else { return (.missing, nil) }
        return (SharedStateFile.parse(bytes), stampBefore)
    }

    /// Runs `body` on the contents while holding the lock and writes back the object it returns, if any.
    ///
    /// - Returns: what `body` returned beside the object, and the stamp of the file afterwards.
    /// - Throws: ``LocalFileError`` when the file cannot be read or written; whatever `body` throws.
    package func update<Result>(
        _ body: (Contents) throws -> (write: [String: JSONValue]?, result: Result)
    ) throws -> (result: Result, stamp: Stamp?) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try LocalFiles.makeDirectories(String(path[..<slash]))
        }
        let lock = try LocalFiles.lockBeside(path)
        defer { LocalFiles.releaseLock(lock) }
        let contents = try LocalFiles.contents(of: path).map(SharedStateFile.parse) ?? .missing
        let (object, result) = try body(contents)
        if let object {
            var output = JSONValue.object(object).serializedBytes()
            output.append(0x0A)
            try LocalFiles.replace(path, with: output)
        }
        return (result, stamp())
    }

    static func parse(_ bytes: [UInt8]) -> Contents {
        do {
            guard case .object(let members) = try JSONParser.parse(bytes: bytes) else {
                return .corrupt("the file does not hold a JSON object")
            }
            return .object(members)
        } catch {
            return .corrupt("\(error)")
        }
    }
}
