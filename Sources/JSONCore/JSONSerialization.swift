#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.Data
#else
    public import struct Foundation.Data
#endif

extension JSONValue {
    /// Layout choices for serialization. Keys are always sorted so the same value gives the same bytes.
    public struct WritingOptions: Sendable, Hashable {
        /// Two-space indentation and one member per line, for golden files and people.
        public var pretty: Bool

        /// Creates options; compact unless `pretty`.
        public init(pretty: Bool = false) {
            self.pretty = pretty
        }

        /// Compact single-line output, as the stdio protocol requires.
        public static let compact = WritingOptions()
        /// Indented output.
        public static let pretty = WritingOptions(pretty: true)
    }

    /// The value as JSON text; numbers are written exactly as they were read.
    public func serialized(_ options: WritingOptions = .compact) -> String {
        var output = ""
        output.reserveCapacity(256)
        write(to: &output, options: options, indent: 0)
        return output
    }

    /// The value as UTF-8 JSON bytes.
    public func serializedData(_ options: WritingOptions = .compact) -> Data {
        Data(serialized(options).utf8)
    }

    private func write(to output: inout String, options: WritingOptions, indent: Int) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .number(let number):
            output += number.text
        case .string(let string):
            JSONValue.writeString(string, to: &output)
        case .array(let elements):
            if elements.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                if options.pretty { JSONValue.newline(&output, indent: indent + 1) }
                element.write(to: &output, options: options, indent: indent + 1)
            }
            if options.pretty { JSONValue.newline(&output, indent: indent) }
            output += "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            for (offset, key) in members.keys.sorted().enumerated() {
                if offset > 0 { output += "," }
                if options.pretty { JSONValue.newline(&output, indent: indent + 1) }
                JSONValue.writeString(key, to: &output)
                output += options.pretty ? ": " : ":"
                members[key]!.write(to: &output, options: options, indent: indent + 1)
            }
            if options.pretty { JSONValue.newline(&output, indent: indent) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, indent: Int) {
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    /// Writes a quoted, escaped JSON string. Only what JSON requires is escaped, so no message ever
    /// contains a raw newline (the stdio framing depends on that).
    static func writeString(_ string: String, to output: inout String) {
        output += "\""
        var needsEscaping = false
        for unit in string.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            needsEscaping = true
            break
        }
        if !needsEscaping {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
