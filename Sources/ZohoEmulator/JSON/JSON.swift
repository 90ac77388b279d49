import Foundation

/// A JSON value whose numbers keep the exact text they were written with.
///
/// Zoho clients care that `19.99` comes back as `19.99`, so numbers are never converted to `Double`. Amounts that
/// the emulator computes are `Decimal` values turned into text by ``JSON/decimal(_:)``.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number literal exactly as it appeared in the request, or as the emulator formatted it.
    case number(String)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// A number from an integer.
    static func int(_ value: Int) -> JSON { .number(String(value)) }

    /// A number from a decimal, written without exponent or binary floating-point noise.
    static func decimal(_ value: Decimal) -> JSON { .number(Amount.format(value)) }

    /// The string, when this is a string.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object, when this is an object.
    var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, when this is an array.
    var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The value as a decimal, when it is a number or a string holding a plain number.
    var decimalValue: Decimal? {
        switch self {
        case .number(let text): return Amount.parse(text)
        case .string(let text): return Amount.parse(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// The value as a Boolean, accepting `true`/`false` and the strings `"true"`/`"false"`.
    var boolValue: Bool? {
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

    /// The value as text, for ids that clients send either as strings or as bare numbers.
    var idValue: String? {
        switch self {
        case .string(let text): return text
        case .number(let text) where !text.contains(".") && !text.contains("e") && !text.contains("E"): return text
        default: return nil
        }
    }

    /// Whether this is `null`.
    var isNull: Bool { self == .null }
}

/// A JSON object.
typealias JSONObject = [String: JSON]

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    init(nilLiteral: ()) { self = .null }
}

extension Dictionary where Key == String, Value == JSON {
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
