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
        switch value {
        case .number(let number)?: return parse(number.text)?.amount
        case .string(let string)? where !string.isEmpty: return parse(string)?.amount
        default: return nil
        }
    }

    /// How many places the amount was written with (`12.5` → 1, `1234.567` → 3), to learn a currency's precision
    /// from the data.
    static func places(_ value: JSONValue?) -> Int {
        guard case .number(let number)? = value else { return 0 }
        return parse(number.text)?.places ?? 0
    }

    /// An amount and the places it was written with, in one pass over the text.
    ///
    /// Plain amounts (`-1234.567`, up to 18 digits) are built straight from their digits, since reports read
    /// thousands of them and `Decimal(string:)` is several times slower; anything else (exponents, longer
    /// numbers) goes through it.
    static func parse(_ text: String) -> (amount: Decimal, places: Int)? {
        var mantissa: UInt64 = 0
        var digits = 0
        var places = 0
        var seenDot = false
        var negative = false
        var plain = true
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                if seenDot { places += 1 }
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: ".") where !seenDot: seenDot = true
            default: plain = false
            }
            if !plain { break }
        }
        guard plain, digits > 0, digits <= 18 else {
            guard let decimal = Decimal(string: text, locale: posix), !decimal.isNaN else { return nil }
            let fraction = text.split(separator: ".", maxSplits: 1).dropFirst().first
            return (decimal, fraction?.prefix { $0.isNumber }.count ?? 0)
        }
        let amount = Decimal(sign: negative ? .minus : .plus, exponent: -places, significand: Decimal(mantissa))
        return (amount, places)
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

/// An exact running total for hot loops: amounts written with at most six decimals are added as integer
/// millionths (`Int128`, which no sum of real invoices can overflow), anything else as `Decimal`. Adding an
/// integer is far cheaper than adding a `Decimal`, and a report over fifty pages adds tens of thousands.
struct MoneySum: Sendable {
    static let scale = 6
    private static let powers: [Int128] = (0...scale).map { exponent in
        (0..<exponent).reduce(Int128(1)) { value, _ in value * 10 }
    }

    private(set) var millionths: Int128 = 0
    private(set) var rest: Decimal = 0

    /// The amount and its places in millionths, or nil when it does not fit (more than six decimals or eighteen
    /// digits, or an exponent).
    static func millionths(_ text: String) -> (value: Int128, places: Int)? {
        var mantissa: Int128 = 0
        var digits = 0
        var places = 0
        var seenDot = false
        var negative = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                mantissa = mantissa * 10 + Int128(byte - UInt8(ascii: "0"))
                digits += 1
                if seenDot { places += 1 }
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: ".") where !seenDot: seenDot = true
            default: return nil
            }
        }
        guard digits > 0, digits <= 18, places <= scale else { return nil }
        let value = mantissa * powers[scale - places]
        return (negative ? -value : value, places)
    }

    mutating func add(millionths value: Int128) { millionths += value }
    mutating func add(_ value: Decimal) { rest += value }
    mutating func add(_ other: MoneySum) {
        millionths += other.millionths
        rest += other.rest
    }

    /// Whether this total is larger, comparing integers whenever no `Decimal` part is involved.
    func exceeds(_ other: MoneySum) -> Bool {
        rest.isZero && other.rest.isZero ? millionths > other.millionths : decimal > other.decimal
    }

    var isPositive: Bool { rest.isZero ? millionths > 0 : decimal > 0 }

    /// The total as a `Decimal`.
    var decimal: Decimal {
        let magnitude = millionths.magnitude
        let significand =
            magnitude <= UInt128(UInt64.max)
            ? Decimal(UInt64(magnitude))
            : Decimal(string: String(magnitude), locale: Locale(identifier: "en_US_POSIX")) ?? 0
        let whole = Decimal(
            sign: millionths < 0 ? .minus : .plus, exponent: -MoneySum.scale, significand: significand)
        return rest.isZero ? whole : whole + rest
    }
}

/// Running sums kept apart per currency, since adding dollars to euros means nothing. Also learns each
/// currency's precision (at least two places) from the amounts it sees.
struct CurrencyLedger<Key: Hashable & Sendable>: Sendable {
    struct Slot: Hashable, Sendable {
        var currency: String
        var key: Key
    }

    struct Entry: Sendable {
        var sum: Decimal = 0
        var count = 0
    }

    /// One flat table, so that adding an amount costs one hash lookup; reports add one per record.
    private(set) var entries: [Slot: Entry] = [:]
    /// Precision per currency, kept only above the default two places.
    private var extraPlaces: [String: Int] = [:]

    init() {}

    /// Adds `amount` under `key` in `currency`, counting `count` records (one by default).
    mutating func add(_ amount: Decimal, currency: String, key: Key, places seen: Int = 2, count: Int = 1) {
        func update(_ entry: inout Entry) {
            entry.sum += amount
            entry.count += count
        }
        update(&entries[Slot(currency: currency, key: key), default: Entry()])
        if seen > 2, seen > extraPlaces[currency] ?? 2 { extraPlaces[currency] = seen }
    }

    /// The currencies seen, in code order.
    var currencies: [String] { Array(Set(entries.keys.map(\.currency))).sorted() }

    /// The keys used in a currency, in no particular order.
    func keys(in currency: String) -> [Key] { entries.keys.filter { $0.currency == currency }.map(\.key) }

    func sum(_ currency: String, _ key: Key) -> Decimal { entries[Slot(currency: currency, key: key)]?.sum ?? 0 }
    func count(_ currency: String, _ key: Key) -> Int { entries[Slot(currency: currency, key: key)]?.count ?? 0 }
    func places(of currency: String) -> Int { extraPlaces[currency] ?? 2 }

    /// The sum as a JSON number with the currency's precision.
    func json(_ currency: String, _ key: Key) -> JSONValue {
        Money.json(sum(currency, key), places: places(of: currency))
    }

    /// The sum as text with the currency's precision.
    func text(_ currency: String, _ key: Key) -> String {
        Money.text(sum(currency, key), places: places(of: currency))
    }
}
