#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A `yyyy-mm-dd` day as reports count them: whole days, no time zone, so "days past due" never depends on the
/// hour the report runs.
package struct ReportDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    package let day: Int

    package init(day: Int) {
        self.day = day
    }

    /// Parses Zoho's `yyyy-mm-dd`, or the date part of a timestamp (`2026-11-21T09:00:00-0800`); blank and
    /// malformed text is nil.
    package init?(_ text: String?) {
        guard var text else { return nil }
        // Reports parse two dates per record, so this walks the bytes in place without building anything.
        let parsed = text.withUTF8 { ReportDate.dayNumber(parsing: $0) }
        guard let parsed else { return nil }
        self.day = parsed
    }

    /// The day number of `yyyy-mm-dd` at the start of `bytes`, nil when they hold no real date there.
    private static func dayNumber(parsing bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var fields = (year: 0, month: 0, day: 0)
        var position = 0
        for byte in bytes {
            if position == 10 { break }
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                switch position {
                case 0..<4: fields.year = fields.year * 10 + digit
                case 5..<7: fields.month = fields.month * 10 + digit
                default: fields.day = fields.day * 10 + digit
                }
            }
            position += 1
        }
        guard position == 10, (1...12).contains(fields.month),
            (1...ReportDate.length(ofMonth: fields.month, year: fields.year)).contains(fields.day)
        else { return nil }
        return ReportDate.dayNumber(year: fields.year, month: fields.month, day: fields.day)
    }

    /// Today in UTC.
    package static var today: ReportDate {
        ReportDate(day: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Year, month and day of month.
    package var parts: (year: Int, month: Int, day: Int) {
        // Days to a civil date, after Howard Hinnant's public-domain algorithm.
        let shifted = day + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }

    package var description: String {
        let (year, month, day) = parts
        return Self.digits(year, 4) + "-" + Self.digits(month, 2) + "-" + Self.digits(day, 2)
    }

    /// `yyyy-mm`, the month this day falls in.
    package var monthKey: String { String(description.prefix(7)) }

    package func adding(days: Int) -> ReportDate { ReportDate(day: day + days) }

    /// The first day of this date's month, moved by `months`.
    package func startOfMonth(offset months: Int = 0) -> ReportDate {
        let (year, month, _) = parts
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        return ReportDate(day: Self.dayNumber(year: newYear, month: index - newYear * 12 + 1, day: 1))
    }

    /// The last day of this date's month.
    package var endOfMonth: ReportDate { startOfMonth(offset: 1).adding(days: -1) }

    package static func < (lhs: ReportDate, rhs: ReportDate) -> Bool { lhs.day < rhs.day }

    /// A UTC timestamp (`2026-12-03T13:05:09Z`) for saying when data was read.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = ReportDate(day: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = seconds - day.day * 86_400
        return day.description + "T" + digits(rest / 3600, 2) + ":" + digits(rest / 60 % 60, 2) + ":"
            + digits(rest % 60, 2) + "Z"
    }

    /// The number zero-padded to at least `width` digits.
    package static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    private static func length(ofMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
