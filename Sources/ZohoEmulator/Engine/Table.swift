import JSONCore

/// A rows store that remembers insertion order, so "newest first" and pagination are deterministic.
struct Table {
    private(set) var order: [String] = []
    private var rows: [String: JSONObject] = [:]

    /// The row with this id.
    subscript(id: String) -> JSONObject? {
        get { rows[id] }
        set {
            if let newValue {
                if rows[id] == nil { order.append(id) }
                rows[id] = newValue
            } else if rows.removeValue(forKey: id) != nil {
                order.removeAll { $0 == id }
            }
        }
    }

    /// Every row, oldest first.
    var all: [JSONObject] {
        order.compactMap { rows[$0] }
    }

    /// How many rows there are.
    var count: Int { rows.count }
}
