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

    /// UTC, ISO 8601 with milliseconds (`2026-12-03T16:45:12.345Z`), as every line of the log writes it.
    ///
    /// Written from ``ReportDate``'s civil date: every tool call writes one, and Foundation's ISO 8601 format style
    /// took several microseconds of each call.
    package static func timestamp(_ date: Date) -> String {
        // Whole seconds, then the fraction truncated to milliseconds, as Foundation's format style rounds.
        let interval = date.timeIntervalSince1970
        let wholeSeconds = interval.rounded(.down)
        let millisecondsSinceEpoch = Int64(wholeSeconds) * 1000 + Int64((interval - wholeSeconds) * 1000)
        var days = millisecondsSinceEpoch / 86_400_000
        var rest = Int(millisecondsSinceEpoch % 86_400_000)
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let clock = [
            ReportDate.digits(rest / 3_600_000, 2), ReportDate.digits(rest / 60_000 % 60, 2),
            ReportDate.digits(rest / 1000 % 60, 2),
        ]
        return ReportDate(day: Int(days)).description + "T" + clock.joined(separator: ":") + "."
            + ReportDate.digits(rest % 1000, 3) + "Z"
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let whole = micros / 1000
        let fraction = micros % 1000
        return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }
}
