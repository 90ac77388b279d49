#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ZohoBillingTools

/// The settings of the safety checks: confirmation of destructive tools, and the audit log.
struct SafetySettings: Sendable {
    /// Whether destructive tools need confirmation (`ZOHO_MCP_CONFIRM`).
    var confirmation: Bool
    /// The audit log's path, or nil when it is off (`ZOHO_MCP_AUDIT_LOG=off`).
    var auditLogPath: String?
    /// Where confirmation tokens and recent writes are shared between processes.
    var stateDirectory: String
    /// Test-only: seconds added to the clock of the safety checks, so that tests reach token expiry and the end
    /// of the duplicate window without waiting. Read from `ZOHO_MCP_TEST_CLOCK_OFFSET`, listed in no help text;
    /// whoever can set it can also turn confirmation off, so it grants nothing new.
    var clockOffset: Double
    /// Test-only: the audit log's rotation size, from `ZOHO_MCP_TEST_AUDIT_ROTATE_BYTES`, so that a test can see
    /// rotation without writing megabytes.
    var auditRotationBytes: Int?

    init(confirm: String?, auditLog: String?, environment: [String: String]) throws {
        switch (confirm ?? "on").lowercased() {
        case "on", "1", "true", "yes": confirmation = true
        case "off", "0", "false", "no": confirmation = false
        default:
            throw ConfigurationError("ZOHO_MCP_CONFIRM (--confirm) must be on or off (got \(confirm ?? "")).")
        }
        stateDirectory = SafetyConfiguration.defaultStateDirectory(environment: environment)
        switch auditLog {
        case .some(let text) where text.lowercased() == "off": auditLogPath = nil
        case .some(let text): auditLogPath = SafetySettings.absolute(text, environment: environment)
        case .none: auditLogPath = stateDirectory + "/audit.jsonl"
        }
        clockOffset = environment["ZOHO_MCP_TEST_CLOCK_OFFSET"].flatMap(Double.init) ?? 0
        auditRotationBytes = environment["ZOHO_MCP_TEST_AUDIT_ROTATE_BYTES"].flatMap(Int.init)
    }

    /// `~/` expanded and relative paths made absolute, so the log does not move with the working directory.
    static func absolute(_ path: String, environment: [String: String]) -> String {
        if path.hasPrefix("~/"), let home = environment["HOME"] { return home + path.dropFirst(1) }
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    /// The dispatcher's configuration.
    var configuration: SafetyConfiguration {
        let offset = clockOffset
        return SafetyConfiguration(
            confirmation: confirmation, stateDirectory: stateDirectory,
            now: { Date().addingTimeInterval(offset) })
    }
}
