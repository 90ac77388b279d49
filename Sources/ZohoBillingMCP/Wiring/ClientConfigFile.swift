#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import JSONCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An MCP client's JSON configuration (`{"mcpServers": {…}}`), merged without losing the user's other servers.
enum ClientConfigFile {
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// What a merge did.
    struct Outcome {
        var backup: String?
        var replaced: Bool
    }

    /// Adds or replaces the server `name` in the file at `path`, after copying the file to a timestamped backup.
    /// An existing file that is not a JSON object with an object `mcpServers` is refused and left untouched.
    static func merge(path: String, name: String, entry: JSONValue) throws -> Outcome {
        var root: [String: JSONValue] = [:]
        var mode: mode_t = 0o600
        var backup: String?
        var replaced = false
        if let existing = FileManager.default.contents(atPath: path) {
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(existing)
            } catch {
                throw Refusal(
                    description: "\(path) is not valid JSON (\(error)); it was not changed. Fix or move it, then run "
                        + "setup again.")
            }
            guard let object = parsed.objectValue else {
                throw Refusal(
                    description: "\(path) holds a JSON \(parsed.typeName), not an object; it was not changed.")
            }
            if let servers = object["mcpServers"], servers.objectValue == nil {
                throw Refusal(description: "\(path) has an \"mcpServers\" that is not an object; it was not changed.")
            }
            root = object
            replaced = object["mcpServers"]?[name] != nil
            var info = stat()
            if stat(path, &info) == 0 { mode = info.st_mode & 0o777 }
            let copy = path + ".backup-" + timestamp()
            try writeAtomically(copy, Array(existing), mode: mode)
            backup = copy
        } else {
            try makeDirectories(for: path)
        }
        var servers = root["mcpServers"]?.objectValue ?? [:]
        servers[name] = entry
        root["mcpServers"] = .object(servers)
        try writeAtomically(path, Array((JSONValue.object(root).serialized(.pretty) + "\n").utf8), mode: mode)
        return Outcome(backup: backup, replaced: replaced)
    }

    /// Writes a temporary file beside `path` and renames it over, so a crash leaves the old file or the new one.
    private static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw Refusal(description: "Cannot write \(temporary): \(String(cString: strerror(errno))).")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                close(fd)
                unlink(temporary)
                throw Refusal(description: "Cannot write \(temporary): \(String(cString: strerror(errno))).")
            }
            offset += written
        }
        fchmod(fd, mode)
        fsync(fd)
        close(fd)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Refusal(description: "Cannot replace \(path): \(String(cString: strerror(errno))).")
        }
    }

    private static func makeDirectories(for path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let directory = String(path[..<slash])
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Refusal(description: "Cannot create \(directory): \(error).")
        }
    }

    private static func timestamp() -> String {
        let now = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        return now.filter { $0.isNumber || $0 == "T" }
    }
}
