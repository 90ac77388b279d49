#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The token file's timestamp format: ISO-8601 in UTC with whole seconds, e.g. `2025-06-01T12:00:00Z`.
enum TokenDate {
    /// Formats a date, dropping fractions of a second.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Parses an ISO-8601 date-time with `Z` or a numeric offset, with or without fractions of a second.
    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
    }

    /// `now + seconds`, rounded down to a whole second so that memory and file agree exactly.
    static func expiry(after seconds: Int, from now: Date) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970).rounded(.down) + Double(seconds))
    }
}
