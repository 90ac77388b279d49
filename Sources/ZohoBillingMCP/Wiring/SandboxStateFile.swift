import Logging
import Synchronization
import ZohoBillingTools
import ZohoEmulator

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The file the sandbox keeps its data in between runs (`--sandbox-state`).
///
/// It is read once at start: a missing file means a fresh sandbox with the demo data, and a file that cannot be
/// read or is not a sandbox state stops the run with an error and is never written. After that, every request that
/// changed something (any method but GET, answered with success) saves the whole state again: written to a
/// temporary file next to it and renamed over it, so a crash or a kill leaves either the old or the new state,
/// never half of one. Saving after each change rather than at exit means nothing is lost when a client kills the
/// server without closing its input.
final class SandboxStateFile: Sendable {
    let path: String
    private let logger: Logger
    /// Held while a snapshot is taken and written, so that a later change's file always lands last.
    private let writing = Mutex(())

    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    /// An absolute path for the state file whose folder exists; a folder itself is refused.
    static func checkedPath(_ text: String, environment: [String: String]) throws -> String {
        var expanded = text
        if let home = environment["HOME"], text == "~" || text.hasPrefix("~/") {
            expanded = home + text.dropFirst()
        }
        let url = URL(fileURLWithPath: expanded)
        if isDirectory(url.path) {
            throw ConfigurationError("ZOHO_MCP_SANDBOX_STATE names a folder (\(url.path)); name a file in it.")
        }
        let folder = url.deletingLastPathComponent().path
        guard isDirectory(folder) else {
            throw ConfigurationError(
                "The folder of ZOHO_MCP_SANDBOX_STATE does not exist (\(folder)); create it or name another file.")
        }
        return url.path
    }

    private static func isDirectory(_ path: String) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return attributes?[.type] as? FileAttributeType == .typeDirectory
    }

    /// The saved state, or nil when the file does not exist yet.
    func read() throws -> Data? {
        guard FileManager.default.fileExists(atPath: path) else {
            logger.info("No sandbox state yet; starting from the demo data", metadata: ["path": "\(path)"])
            return nil
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("The sandbox state file \(path) cannot be read (\(error)). It was left as it is.")
        }
    }

    /// Puts saved state into `emulator`.
    func restore(_ data: Data, into emulator: ZohoEmulator) throws {
        do {
            try emulator.restoreState(from: data)
        } catch {
            throw ConfigurationError(
                "The sandbox state file \(path) cannot be used: \(error). It was left as it is; move it away to start "
                    + "again from the demo data, or pass another --sandbox-state file.")
        }
        logger.info("Sandbox state loaded", metadata: ["path": "\(path)", "bytes": "\(data.count)"])
    }

    /// Writes the emulator's whole state to the file, atomically. A failure is logged; the sandbox goes on.
    func save(_ emulator: ZohoEmulator) {
        writing.withLock { _ in
            do {
                let data = try emulator.stateSnapshot()
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                logger.warning(
                    "The sandbox state could not be saved", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
    }
}
