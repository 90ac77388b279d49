/// The fields to read of each row of one top-level list, by position (see ``JSONParser/parseRows(_:_:)``).
public struct RowFieldSelection: Sendable, Hashable {
    /// The top-level key whose array holds the rows (`invoices`).
    public var list: String
    /// The row fields to read, in the order of the table's columns; every other field is checked and left out.
    public var fields: [String]

    /// Rows of `list` read into one column per field.
    /// - Precondition: no field is named twice.
    public init(list: String, fields: [String]) {
        precondition(Set(fields).count == fields.count, "a row field is named twice")
        self.list = list
        self.fields = fields
    }
}

/// The fields to keep of one top-level object member when parsing (see
/// ``JSONParser/parseKeepingText(_:summary:)``): the value holds only those, the verbatim text everything.
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
