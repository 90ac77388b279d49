#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Zoho's timestamp format, `2016-06-05T02:15:15-0700`, in the organization's time zone.
enum Timestamp {
    static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let day = CalendarDate(dayNumber: Int((Double(local) / 86_400).rounded(.down)))
        let secondsOfDay = local - day.dayNumber * 86_400
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        let time = "\(pad(secondsOfDay / 3600, 2)):\(pad((secondsOfDay % 3600) / 60, 2)):\(pad(secondsOfDay % 60, 2))"
        return "\(day)T\(time)\(sign)\(pad(magnitude / 3600, 2))\(pad((magnitude % 3600) / 60, 2))"
    }
}
