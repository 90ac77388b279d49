import ArgumentParser
import JSONCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Which audit-log lines `logs` shows.
struct LogFilter {
    var tools: Set<String>
    var outcomes: Set<String>
    var organization: String?
    var since: Date?
    var until: Date?
    var executionID: String?

    func matches(_ entry: JSONValue) -> Bool {
        if !tools.isEmpty, !tools.contains(entry["tool"]?.stringValue ?? "") { return false }
        if !outcomes.isEmpty, !outcomes.contains(entry["outcome"]?.stringValue ?? "") { return false }
        if let organization, entry["organization_id"]?.stringValue != organization { return false }
        if let executionID, entry["execution_id"]?.stringValue != executionID { return false }
        if since != nil || until != nil {
            guard let time = entry["time"]?.stringValue.flatMap(LogFilter.parseTimestamp) else { return false }
            if let since, time < since { return false }
            if let until, time >= until { return false }
        }
        return true
    }

    /// Reads `90s`, `30m`, `2h`, `7d` (back from `now`), `2026-11-01` (midnight UTC) or a full ISO 8601 time.
    static func time(_ text: String, now: Date, option: String) throws -> Date {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = text.last, let factor = units[unit], let amount = Double(text.dropLast()), amount >= 0 {
            return now.addingTimeInterval(-amount * factor)
        }
        if let date = parseTimestamp(text) ?? parseTimestamp(text + "T00:00:00Z") { return date }
        throw ValidationError(
            "\(option) takes a duration such as 30m, 2h or 7d, or a UTC date such as 2026-11-01 or "
                + "2026-11-01T09:30:00Z (got '\(text)').")
    }

    static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text)
    }
}
