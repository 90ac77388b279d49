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

/// The fields to keep of one top-level object member when parsing (see
/// ``JSONParser/parseKeepingText(_:rows:summary:)``): the value holds only those, the verbatim text everything.
public struct MemberFieldSelection: Sendable, Hashable {
    /// The top-level key whose object is pruned (`invoice`).
    public var member: String
    /// The fields of that object to build; every other field is checked and left out of the value.
    public var fields: Set<String>

    /// The object under `member`, keeping only `fields`.
    public init(member: String, fields: Set<String>) {
        self.member = member
        self.fields = fields
    }
}
