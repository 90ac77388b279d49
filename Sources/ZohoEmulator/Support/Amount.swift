#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Decimal arithmetic for money, so totals print as `59.97` and never as `59.970000000000006`.
enum Amount {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The largest magnitude accepted, so products of two amounts can never overflow `Decimal`.
    static let limit = Decimal(sign: .plus, exponent: 15, significand: 1)

    /// Parses a plain JSON number literal (`12`, `-0.5`, `1.5e2`) into a decimal; absurdly large values are `nil`.
    static func parse(_ text: String) -> Decimal? {
        guard isNumberLiteral(text), let value = Decimal(string: text, locale: posix), !value.isNaN,
            value.magnitude < limit
        else {
            return nil
        }
        return value
    }

    /// Writes a decimal the way Zoho does: no exponent, no trailing zeros, `0` for zero.
    static func format(_ value: Decimal) -> String {
        if value.isZero { return "0" }
        return value.description
    }

    /// Rounds to `places` decimal places, halves away from zero (Zoho's `price_precision` is 2).
    static func round(_ value: Decimal, places: Int = 2) -> Decimal {
        // FoundationEssentials offers no public Decimal rounding, so round the plain digits: they are exact.
        let text = format(value)
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? Array(parts[1].utf8) : []
        guard fraction.count > places else { return value }
        var digits = Array(parts[0].utf8) + fraction.prefix(places)
        if fraction[places] >= UInt8(ascii: "5") {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == UInt8(ascii: "9") {
                    digits[index] = UInt8(ascii: "0")
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 { digits.insert(UInt8(ascii: "1"), at: 0) }
        }
        let integerCount = digits.count - places
        var rounded = String(decoding: digits.prefix(integerCount), as: UTF8.self)
        if places > 0 { rounded += "." + String(decoding: digits.suffix(places), as: UTF8.self) }
        return Decimal(string: (negative ? "-" : "") + rounded, locale: posix) ?? value
    }

    /// Whether `text` matches the JSON number grammar.
    static func isNumberLiteral(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
