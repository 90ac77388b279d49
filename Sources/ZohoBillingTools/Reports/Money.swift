#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// Decimal money for reports: amounts are read from Zoho's exact number text, added as `Decimal`, and written
/// back with a fixed number of places, never through `Double`.
enum Money {
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// The amount in a JSON number (or a numeric string, which some Zoho fields use); nil when absent or blank.
    static func amount(_ value: JSONValue?) -> Decimal? {
        let text: String
        switch value {
        case .number(let number)?: text = number.text
        case .string(let string)? where !string.isEmpty: text = string
        default: return nil
        }
        guard let decimal = Decimal(string: text, locale: posix), !decimal.isNaN else { return nil }
        return decimal
    }

    /// How many places the amount was written with (`12.5` → 1, `1234.567` → 3), to learn a currency's precision
    /// from the data.
    static func places(_ value: JSONValue?) -> Int {
        guard case .number(let number)? = value, let dot = number.text.firstIndex(of: ".") else { return 0 }
        return number.text[number.text.index(after: dot)...].prefix { $0.isNumber }.count
    }

    /// The amount as plain digits with exactly `places` decimals, rounded half away from zero.
    static func text(_ value: Decimal, places: Int = 2) -> String {
        var plain = value.isZero ? "0" : value.description
        let negative = plain.hasPrefix("-")
        if negative { plain.removeFirst() }
        let pieces = plain.split(separator: ".", maxSplits: 1)
        var digits = Array(pieces[0].utf8)
        var fraction = pieces.count > 1 ? Array(pieces[1].utf8) : []
        let roundUp = fraction.count > places && fraction[places] >= UInt8(ascii: "5")
        fraction =
            Array(fraction.prefix(places)) + Array(repeating: UInt8(ascii: "0"), count: max(0, places - fraction.count))
        var all = digits + fraction
        if roundUp {
            var index = all.count - 1
            while index >= 0, all[index] == UInt8(ascii: "9") {
                all[index] = UInt8(ascii: "0")
                index -= 1
            }
            if index >= 0 { all[index] += 1 } else { all.insert(UInt8(ascii: "1"), at: 0) }
        }
        digits = Array(all.prefix(all.count - places))
        fraction = Array(all.suffix(places))
        var result = String(decoding: digits, as: UTF8.self)
        if places > 0 { result += "." + String(decoding: fraction, as: UTF8.self) }
        let isZero = all.allSatisfy { $0 == UInt8(ascii: "0") }
        return negative && !isZero ? "-" + result : result
    }

    /// The amount as an exact JSON number with `places` decimals.
    static func json(_ value: Decimal, places: Int = 2) -> JSONValue {
        .number(JSONNumber(text: text(value, places: places)) ?? JSONNumber(0))
    }
}

/// Running sums kept apart per currency, since adding dollars to euros means nothing. Also learns each
/// currency's precision (at least two places) from the amounts it sees.
struct CurrencyLedger<Key: Hashable & Sendable>: Sendable {
    private(set) var sums: [String: [Key: Decimal]] = [:]
    private(set) var counts: [String: [Key: Int]] = [:]
    private(set) var places: [String: Int] = [:]

    init() {}

    /// Adds `amount` under `key` in `currency`, counting one record.
    mutating func add(_ amount: Decimal, currency: String, key: Key, places seen: Int = 2, count: Int = 1) {
        sums[currency, default: [:]][key, default: 0] += amount
        counts[currency, default: [:]][key, default: 0] += count
        places[currency] = max(places[currency] ?? 2, seen)
    }

    /// Records a currency's precision without adding anything.
    mutating func notePlaces(_ seen: Int, currency: String) {
        places[currency] = max(places[currency] ?? 2, seen)
    }

    /// The currencies seen, in code order.
    var currencies: [String] { Array(Set(sums.keys).union(places.keys)).sorted() }

    func sum(_ currency: String, _ key: Key) -> Decimal { sums[currency]?[key] ?? 0 }
    func count(_ currency: String, _ key: Key) -> Int { counts[currency]?[key] ?? 0 }
    func places(of currency: String) -> Int { places[currency] ?? 2 }

    /// The sum as a JSON number with the currency's precision.
    func json(_ currency: String, _ key: Key) -> JSONValue {
        Money.json(sum(currency, key), places: places(of: currency))
    }

    /// The sum as text with the currency's precision.
    func text(_ currency: String, _ key: Key) -> String {
        Money.text(sum(currency, key), places: places(of: currency))
    }
}
