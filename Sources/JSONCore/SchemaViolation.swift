/// One way an instance fails a schema, with the location of the offending value.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where the offending value sits in the instance (for an unknown key: the key itself).
    public var path: [JSONPathComponent]
    /// A complete sentence naming the field, what is wrong and what is allowed.
    public var message: String

    /// The message.
    public var description: String { message }

    /// The location as a JSON pointer (`/invoice_items/0/rate`).
    public var pointer: String {
        path.map { component in
            switch component {
            case .key(let key): "/" + JSONPointer.escape(key)
            case .index(let index): "/\(index)"
            }
        }.joined()
    }
}
