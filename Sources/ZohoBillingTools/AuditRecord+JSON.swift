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
    /// Written by hand from the civil date: every tool call writes one, and Foundation's ISO 8601 format style
    /// took several microseconds of each call.
    package static func timestamp(_ date: Date) -> String {
        // Whole seconds, then the fraction truncated to milliseconds, as Foundation's format style rounds.
        let interval = date.timeIntervalSince1970
        let wholeSeconds = interval.rounded(.down)
        let millisecondsSinceEpoch = Int64(wholeSeconds) * 1000 + Int64((interval - wholeSeconds) * 1000)
        var days = millisecondsSinceEpoch / 86_400_000
        var rest = millisecondsSinceEpoch % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        // Days since 1970-01-01 to year, month and day (Howard Hinnant's civil-from-days).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var text = ""
        text.reserveCapacity(24)
        func append(_ value: Int64, width: Int) {
            let digits = String(value)
            for _ in digits.count..<width { text.append("0") }
            text += digits
        }
        append(year, width: 4)
        text.append("-")
        append(month, width: 2)
        text.append("-")
        append(day, width: 2)
        text.append("T")
        append(rest / 3_600_000, width: 2)
        text.append(":")
        append(rest / 60000 % 60, width: 2)
        text.append(":")
        append(rest / 1000 % 60, width: 2)
        text.append(".")
        append(rest % 1000, width: 3)
        text.append("Z")
        return text
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        let whole = micros / 1000
        let fraction = micros % 1000
        return "\(whole)." + String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
    }
}
