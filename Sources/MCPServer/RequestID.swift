public import JSONCore

/// A JSON-RPC request id. MCP allows strings and integers only; anything else is an invalid request.
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)

    /// Reads an id from a message, or nil when the value is not a string or an integer.
    public init?(_ value: JSONValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .number(let number):
            guard let integer = Int(number.text) else { return nil }
            self = .integer(integer)
        default: return nil
        }
    }

    /// The id as it travels in JSON.
    public var json: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .integer(let value): .int(value)
        }
    }

    /// The id as compact JSON text, ready to splice into a response line.
    public var description: String { json.serialized() }
}
