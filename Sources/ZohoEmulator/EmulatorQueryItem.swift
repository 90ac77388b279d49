/// One name/value pair from a query string, already percent-decoded.
public struct EmulatorQueryItem: Sendable, Hashable {
    /// The parameter name, for example `filter_by`.
    public var name: String
    /// The decoded value, for example `Status.OverDue`.
    public var value: String

    /// Creates a query item.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
