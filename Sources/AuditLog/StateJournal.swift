package import JSONCore

/// A small JSON-lines file of state shared by every process of this user (confirmation tokens, recent writes),
/// read and rewritten under an exclusive `flock` so that a check and the change it leads to are one step across
/// processes.
///
/// Callers keep it small by dropping expired entries in each update. A line that does not parse (a crash during
/// a rewrite) is dropped rather than failing every later call.
package struct StateJournal: Sendable {
    package var path: String

    package init(path: String) {
        self.path = path
    }

    /// Runs `body` on the entries while holding the lock, then writes back what it left if it changed anything.
    ///
    /// The lock is on a sibling `.lock` file and the new contents replace the file by rename, so a crash in the
    /// middle of a write leaves the previous contents rather than half of the new ones.
    /// - Throws: ``LocalFileError`` when the file cannot be read or written; whatever `body` throws.
    package func update<Result>(_ body: (inout [JSONValue]) throws -> Result) throws -> Result {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try LocalFiles.makeDirectories(String(path[..<slash]))
        }
        let lock = try LocalFiles.lockBeside(path)
        defer { LocalFiles.releaseLock(lock) }
        let bytes = try LocalFiles.contents(of: path) ?? []
        let original = AuditLogFile.completeLines(bytes).compactMap { try? JSONParser.parse($0) }
        var entries = original
        let result = try body(&entries)
        if entries != original {
            var output: [UInt8] = []
            for entry in entries {
                output.append(contentsOf: entry.serializedBytes())
                output.append(0x0A)
            }
            try LocalFiles.replace(path, with: output)
        }
        return result
    }
}
