/// A JSON number held as its literal text, validated on creation.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written in JSON (`19.99`, `-3`, `1e3`).
    public let text: String

    /// Creates a number from JSON number text; returns nil when the text is not a JSON number.
    public init?(text: String) {
        guard JSONNumber.isValidLiteral(Array(text.utf8)) else { return nil }
        self.text = text
    }

    init(unchecked text: String) {
        self.text = text
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        self.text = String(value)
    }

    /// Creates a number from a double using the shortest text that reads back as the same double.
    /// Returns nil for NaN and infinities, which JSON cannot carry.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            self.text = String(Int64(value))
        } else {
            self.text = "\(value)"
        }
    }

    /// The literal text.
    public var description: String { text }

    /// The value as a double (may lose precision for very long literals).
    public var doubleValue: Double { Double(text) ?? .nan }

    /// The value as an integer when the literal is a whole number that fits, else nil.
    public var intValue: Int? {
        if let direct = Int(text) { return direct }
        guard let double = Double(text), double == double.rounded(.towardZero), abs(double) < 9e15 else { return nil }
        return Int(double)
    }

    /// Whether the number is mathematically an integer (`5`, `5.0`, `5e2`).
    public var isInteger: Bool {
        if Int(text) != nil { return true }
        guard let double = Double(text), double.isFinite else { return false }
        return double == double.rounded(.towardZero)
    }

    static func isValidLiteral<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool
    where Bytes.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        func digits() -> Int {
            let start = index
            while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < end, bytes[index] == 0x2D { index += 1 }
        guard index < end else { return false }
        if bytes[index] == 0x30 {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < end, bytes[index] == 0x2E {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < end, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < end, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == end
    }
}
