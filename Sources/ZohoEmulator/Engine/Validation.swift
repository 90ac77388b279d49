#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore
import PlatformSupport

/// Typed reads of request bodies that turn bad input into Zoho-style 400 answers.
extension Dictionary where Key == String, Value == JSONValue {
    /// A required non-empty string.
    func requiredString(_ key: String, label: String? = nil) throws -> String {
        guard let value = self[key], !value.isNull else { throw APIError.missing(label ?? key) }
        guard let text = value.stringValue else { throw APIError.invalid(label ?? key) }
        guard !text.trimmingWhitespace().isEmpty else { throw APIError.missing(label ?? key) }
        return text
    }

    /// An optional string; present but not a string is an error.
    func optionalString(_ key: String, label: String? = nil) throws -> String? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw APIError.invalid(label ?? key) }
        return text.isEmpty ? nil : text
    }

    /// A required id (string or integer).
    func requiredID(_ key: String, label: String? = nil) throws -> String {
        guard let value = self[key], !value.isNull else { throw APIError.missing(label ?? key) }
        guard let id = value.idValue, !id.isEmpty else { throw APIError.invalid(label ?? key) }
        return id
    }

    /// An optional id (string or integer).
    func optionalID(_ key: String, label: String? = nil) throws -> String? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let id = value.idValue else { throw APIError.invalid(label ?? key) }
        return id.isEmpty ? nil : id
    }

    /// An amount: the parsed decimal plus the number exactly as sent, for echoing back unchanged.
    func optionalAmount(_ key: String, label: String? = nil) throws -> (value: Decimal, json: JSONValue)? {
        guard let raw = self[key], !raw.isNull else { return nil }
        guard let value = raw.decimalValue else { throw APIError.invalid(label ?? key) }
        if case .number = raw { return (value, raw) }
        // A numeric string is echoed as a number with the digits the client typed; text that parses as a decimal
        // but is not JSON number syntax (`012.50`) is echoed in canonical form instead.
        let typed = (raw.stringValue ?? "").trimmingWhitespace()
        return (value, JSONNumber(text: typed).map(JSONValue.number) ?? .decimal(value))
    }

    /// A required amount.
    func requiredAmount(_ key: String, label: String? = nil) throws -> (value: Decimal, json: JSONValue) {
        guard let amount = try optionalAmount(key, label: label) else { throw APIError.missing(label ?? key) }
        return amount
    }

    /// An optional `yyyy-mm-dd` date.
    func optionalDate(_ key: String, label: String? = nil) throws -> CalendarDate? {
        guard let text = try optionalString(key, label: label) else { return nil }
        guard let date = CalendarDate(parsing: text) else {
            throw APIError.invalid(label ?? key, "Use the format yyyy-mm-dd.")
        }
        return date
    }

    /// An optional Boolean.
    func optionalBool(_ key: String, label: String? = nil) throws -> Bool? {
        guard let raw = self[key], !raw.isNull else { return nil }
        guard let value = raw.lenientBoolValue else { throw APIError.invalid(label ?? key) }
        return value
    }

    /// An optional whole number.
    func optionalInt(_ key: String, label: String? = nil) throws -> Int? {
        guard let raw = self[key], !raw.isNull else { return nil }
        guard let value = raw.decimalValue, value == Amount.round(value, places: 0),
            let int = Int(Amount.format(value))
        else { throw APIError.invalid(label ?? key) }
        return int
    }

    /// An optional array of objects.
    func optionalObjects(_ key: String, label: String? = nil) throws -> [JSONObject]? {
        guard let raw = self[key], !raw.isNull else { return nil }
        guard let elements = raw.arrayValue else { throw APIError.invalid(label ?? key) }
        return try elements.enumerated().map { position, element in
            guard let object = element.objectValue else { throw APIError.invalid("\(label ?? key)[\(position)]") }
            return object
        }
    }

    /// An optional object.
    func optionalObject(_ key: String, label: String? = nil) throws -> JSONObject? {
        guard let raw = self[key], !raw.isNull else { return nil }
        guard let object = raw.objectValue else { throw APIError.invalid(label ?? key) }
        return object
    }

    /// Copies the listed keys from `source` into this object; an explicit `null` removes the key.
    mutating func merge(_ source: JSONObject, fields: Set<String>) {
        for key in fields {
            guard let value = source[key] else { continue }
            self[key] = value.isNull ? nil : value
        }
    }
}

/// A loose email check: something@something.something, no spaces.
func isPlausibleEmail(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(" ") else { return false }
    return !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
}

extension OrganizationData {
    /// Reads a list of email addresses sent as a JSON array or a comma-separated string.
    func emailAddresses(_ body: JSONObject, _ key: String, required: Bool) throws -> [String] {
        guard let raw = body[key], !raw.isNull else {
            if required { throw APIError.missing(key) }
            return []
        }
        let list: [String]
        if let text = raw.stringValue {
            list = text.split(separator: ",").map { $0.trimmingWhitespace() }
        } else if let array = raw.arrayValue {
            list = try array.map { element in
                guard let text = element.stringValue else { throw APIError.invalid(key) }
                return text
            }
        } else {
            throw APIError.invalid(key)
        }
        if required, list.isEmpty { throw APIError.missing(key) }
        for address in list where !isPlausibleEmail(address) {
            throw APIError.invalid(key, "\(address) is not an email address.")
        }
        return list
    }
}
