/// The fields to keep of each row of one top-level list when parsing (see
/// ``JSONParser/parseKeepingText(_:rows:)``).
public struct RowFieldSelection: Sendable, Hashable {
    /// The top-level key whose array holds the rows (`invoices`).
    public var list: String
    /// The row fields to build; every other field is checked and left out.
    public var fields: Set<String>

    /// Rows of `list` that keep only `fields`.
    public init(list: String, fields: Set<String>) {
        self.list = list
        self.fields = fields
    }
}
