/// A parsed document plus, when asked for, the line on which every value starts, keyed by JSON pointer.
public struct JSONDocument: Sendable {
    /// The parsed value.
    public var value: JSONValue
    /// `""` is the root, `/tools/0/name` a nested value; empty unless locations were recorded.
    public var lines: [String: Int]

    /// The line of the value at `pointer`, or of its nearest ancestor that has one.
    public func line(of pointer: String) -> Int {
        var current = pointer
        while true {
            if let line = lines[current] { return line }
            guard let slash = current.lastIndex(of: "/") else { return 1 }
            current = String(current[..<slash])
        }
    }
}
