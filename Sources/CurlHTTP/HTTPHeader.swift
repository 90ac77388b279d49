/// One HTTP header field; names compare case-insensitively through ``HTTPHeaders``.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name as sent.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
