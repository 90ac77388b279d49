/// The rows of one JSON list with a fixed set of fields, each row's values held by the field's position.
///
/// A reader that walks ten thousand rows for a few fields each pays for a dictionary per row and a string hash
/// per field read when rows are objects; here a row is a run of slots in one array, and a field is read by index.
/// A value is nil when the row has no such member (an explicit JSON `null` stays ``JSONValue/null``).
public struct JSONRowTable: Sendable, Hashable {
    /// The fields, in column order.
    public let fields: [String]
    /// The values, row after row, `fields.count` slots each.
    private var values: [JSONValue?]
    /// How many rows the table holds.
    public private(set) var count = 0

    /// An empty table with one column per field.
    public init(fields: [String]) {
        self.fields = fields
        values = []
    }

    /// The table of `rows` (objects; anything else becomes a row with no values), for readers that hold whole rows.
    public init(rows: [JSONValue], fields: [String]) {
        self.init(fields: fields)
        values.reserveCapacity(rows.count * fields.count)
        for row in rows {
            let slot = appendRow()
            guard case .object(let members) = row else { continue }
            for (column, field) in fields.enumerated() { values[slot + column] = members[field] }
        }
    }

    /// The value of `field` (a column index) in row `row`, nil when the row has no such member.
    public subscript(row: Int, field: Int) -> JSONValue? {
        precondition(field >= 0 && field < fields.count, "no such column")
        return values[row * fields.count + field]
    }

    /// A table of the one row `row`, for keeping a row past the page it came from without keeping the page.
    public func row(_ row: Int) -> JSONRowTable {
        var single = JSONRowTable(fields: fields)
        let start = row * fields.count
        single.values = Array(values[start..<(start + fields.count)])
        single.count = 1
        return single
    }

    /// Adds a row with no values and returns the index of its first slot.
    mutating func appendRow() -> Int {
        let slot = values.count
        values.append(contentsOf: repeatElement(nil, count: fields.count))
        count += 1
        return slot
    }

    /// Sets a slot of a row added by ``appendRow()``; false when the slot already had a value.
    mutating func set(_ value: JSONValue, slot: Int) -> Bool {
        guard values[slot] == nil else { return false }
        values[slot] = value
        return true
    }
}
