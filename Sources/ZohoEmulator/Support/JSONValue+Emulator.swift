#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore
import PlatformSupport

/// A JSON object as the emulator stores rows and request bodies.
typealias JSONObject = [String: JSONValue]

extension JSONValue {
    /// A number with exactly these digits, for seed amounts whose trailing zeros matter (`75.50` is not `75.5`).
    ///
    /// A literal that is not JSON number syntax becomes `0`, so a typo in seed data shows up as a wrong amount in
    /// a test rather than as a trap in the sandbox.
    static func amount(_ literal: String) -> JSONValue {
        .number(JSONNumber(text: literal) ?? JSONNumber(0))
    }

    /// A number from an amount the emulator computed, written without exponent or binary floating-point noise.
    static func decimal(_ value: Decimal) -> JSONValue {
        // `Amount.format` only ever writes plain digits with an optional sign and point, which is always valid
        // JSON number text; the zero fallback keeps the "never traps" promise if that ever changed.
        .number(JSONNumber(text: Amount.format(value)) ?? JSONNumber(0))
    }

    /// The value as a decimal, when it is a number or a string holding a plain number.
    ///
    /// Clients send amounts both ways (`"rate": 12.5` and `"rate": "12.50"`), and Zoho accepts both.
    var decimalValue: Decimal? {
        switch self {
        case .number(let number): return Amount.parse(number.text)
        case .string(let text): return Amount.parse(text.trimmingWhitespace())
        default: return nil
        }
    }

    /// The value as a Boolean, also accepting the strings `"true"` and `"false"` that form-minded clients send.
    ///
    /// Named apart from JSONCore's strict ``JSONValue/boolValue``, which rejects strings.
    var lenientBoolValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// The value as text, for ids that clients send either as strings or as bare whole numbers.
    var idValue: String? {
        switch self {
        case .string(let text): return text
        case .number(let number) where !number.text.contains(where: { ".eE".contains($0) }): return number.text
        default: return nil
        }
    }

    /// Whether this is `null`.
    var isNull: Bool { self == .null }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// The string at `key`, treating an empty string as absent.
    func string(_ key: String) -> String? {
        guard let value = self[key]?.stringValue, !value.isEmpty else { return nil }
        return value
    }

    /// The id at `key`, whether sent as a string or a number.
    func id(_ key: String) -> String? {
        guard let value = self[key]?.idValue, !value.isEmpty else { return nil }
        return value
    }

    /// The decimal at `key`, or zero when absent.
    func amount(_ key: String) -> Decimal {
        self[key]?.decimalValue ?? 0
    }

    /// A copy without the emulator's private bookkeeping keys (those starting with `_`).
    var publicView: JSONObject {
        filter { !$0.key.hasPrefix("_") }
    }
}
