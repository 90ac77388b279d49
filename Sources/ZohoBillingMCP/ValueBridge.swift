import JSONCore
import MCP

/// Converts between the MCP SDK's `Value` and our `JSONValue`, which keeps number text exactly.
enum ValueBridge {
    /// Tool arguments as our JSON. Doubles come back in their shortest exact form (19.99 stays 19.99).
    static func json(from value: Value) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .number(JSONNumber(number))
        case .double(let number): return JSONNumber(number).map(JSONValue.number) ?? .null
        case .string(let text): return .string(text)
        // The SDK turns strings that look like data: URLs into bytes; give the caller's string back.
        case .data: return .string(value.description)
        case .array(let elements): return .array(elements.map(json(from:)))
        case .object(let members): return .object(members.mapValues(json(from:)))
        }
    }

    /// Our JSON as the SDK's value, for structured results and schemas.
    static func value(from json: JSONValue) -> Value {
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            if let integer = Int(number.text) { return .int(integer) }
            return .double(number.doubleValue)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(value(from:)))
        case .object(let members): return .object(members.mapValues(value(from:)))
        }
    }
}
