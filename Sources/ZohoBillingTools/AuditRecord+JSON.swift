#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif
package import JSONCore

extension AuditRecord {
    /// The record as one audit-log line's JSON object, with the arguments passed through `redactor`.
    package func json(redactor: SecretRedactor) -> JSONValue {
        var members: [String: JSONValue] = [
            "time": .string(AuditRecord.timestamp(started)),
            "execution_id": .string(executionID.uuidString.lowercased()),
            "tool": .string(tool),
            "access": .string(access.settingName),
            "outcome": .string(outcome.rawValue),
            "duration_ms": .number(JSONNumber(text: AuditRecord.milliseconds(duration))!),
            "arguments": redactor.redact(arguments),
        ]
        if let organizationID { members["organization_id"] = .string(organizationID) }
        if let clientName { members["client"] = .string(redactor.redact(clientName)) }
        if let httpStatus { members["http_status"] = .int(httpStatus) }
        if let zohoCode { members["zoho_code"] = .int(zohoCode) }
        if let note { members["note"] = .string(redactor.redact(note)) }
        if let resultID { members["result_id"] = .string(resultID) }
        return .object(members)
    }

    /// UTC, ISO 8601 with milliseconds, as every line of the log writes it.
    package static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let whole = micros / 1000
        let fraction = micros % 1000
        return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }
}
