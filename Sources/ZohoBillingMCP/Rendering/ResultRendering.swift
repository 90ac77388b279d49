import JSONCore

/// Human renderings of a tool's structured result: a table for lists and reports, a key/value block for one
/// record, and CSV. Numbers are printed exactly as Zoho wrote them, never re-formatted.
enum ResultRendering {
    /// Column headings and the fields that can fill them, first present wins. Lists of every kind share these,
    /// so an invoice list, a payment list and a customer list all read the same way.
    private static let preferredColumns: [(heading: String, fields: [String])] = [
        (
            "number",
            ["invoice_number", "payment_number", "creditnote_number", "subscription_number", "number", "plan_code"]
        ),
        ("name", ["name", "plan_name"]),
        ("customer", ["customer_name", "display_name"]),
        ("date", ["date", "invoice_date", "payment_date", "created_at"]),
        ("status", ["status"]),
        ("amount", ["total", "amount", "recurring_price"]),
        ("balance", ["balance", "outstanding_receivable_amount", "outstanding", "unused_amount"]),
    ]
    private static let numericHeadings: Set<String> = ["amount", "balance"]
    private static let widthLimit = 40

    /// The rows of a list or report: the first array of objects among the result's members (sorted by key),
    /// `page_context` aside.
    static func rows(in structured: JSONValue) -> (key: String, rows: [[String: JSONValue]])? {
        guard let object = structured.objectValue else { return nil }
        for key in object.keys.sorted() where key != "page_context" {
            guard let array = object[key]?.arrayValue else { continue }
            let rows = array.compactMap(\.objectValue)
            if rows.count == array.count { return (key, rows) }
        }
        return nil
    }

    /// The single record of a get/create result: the one object member, or the result itself.
    static func record(in structured: JSONValue) -> [String: JSONValue]? {
        guard let object = structured.objectValue else { return nil }
        let objects = object.filter { $0.key != "page_context" && $0.value.objectValue != nil }
        if objects.count == 1, let only = objects.first?.value.objectValue { return only }
        return object
    }

    // MARK: - Table

    /// A plain-text table with the preferred columns that any row fills; with fewer than three of them, the id
    /// and the other plain fields of the rows fill in.
    static func table(_ rows: [[String: JSONValue]], key: String) -> String {
        guard !rows.isEmpty else { return "(no \(key))" }
        var columns: [(heading: String, field: (([String: JSONValue]) -> String?))] = []
        for (heading, fields) in preferredColumns {
            guard fields.contains(where: { field in rows.contains { $0[field].map(isScalar) ?? false } }) else {
                continue
            }
            columns.append(
                (heading, { row in fields.lazy.compactMap { row[$0].flatMap(scalarText) }.first }))
        }
        if columns.count < 3 {
            let used = Set(preferredColumns.flatMap(\.fields))
            let plain = Set(rows.flatMap { row in row.filter { isScalar($0.value) }.map(\.key) })
                .subtracting(used).sorted { lhs, rhs in
                    // Ids first: they are what a follow-up call needs.
                    (lhs.hasSuffix("_id") ? 0 : 1, lhs) < (rhs.hasSuffix("_id") ? 0 : 1, rhs)
                }
            for field in plain.prefix(6 - columns.count) {
                columns.append((field, { $0[field].flatMap(scalarText) }))
            }
        }
        let cells = rows.map { row in columns.map { clipped($0.field(row) ?? "") } }
        let widths = columns.indices.map { index in
            max(columns[index].heading.count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            values.indices.map { index in
                let padding = String(repeating: " ", count: widths[index] - values[index].count)
                return numericHeadings.contains(columns[index].heading)
                    ? padding + values[index] : values[index] + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(columns.map(\.heading)), line(widths.map { String(repeating: "-", count: $0) })]
        lines += cells.map(line)
        return lines.joined(separator: "\n")
    }

    // MARK: - Record

    /// `key: value` lines for a record's plain fields and those of its nested objects (`address.city`); lists
    /// inside the record are counted, not expanded.
    static func block(_ record: [String: JSONValue]) -> String {
        var pairs: [(String, String)] = []
        for key in record.keys.sorted() {
            let value = record[key]!
            if let text = scalarText(value) {
                pairs.append((key, text))
            } else if let nested = value.objectValue {
                for inner in nested.keys.sorted() {
                    if let text = scalarText(nested[inner]!) { pairs.append(("\(key).\(inner)", text)) }
                }
            } else if let array = value.arrayValue {
                let scalars = array.compactMap(scalarText)
                pairs.append(
                    (
                        key,
                        scalars.count == array.count
                            ? scalars.joined(separator: ", ")
                            : "\(array.count) item\(array.count == 1 ? "" : "s") (--json shows them)"
                    ))
            }
        }
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { key, value in
            key + ":" + String(repeating: " ", count: width - key.count + 1) + value
        }.joined(separator: "\n")
    }

    // MARK: - CSV

    /// RFC 4180 CSV of the rows: one column per plain field (nested objects' fields as `outer.inner`), sorted by
    /// name; lists inside rows are left out.
    static func csv(_ rows: [[String: JSONValue]]) -> String {
        let flattened = rows.map(flatten)
        let columns = Set(flattened.flatMap(\.keys)).sorted()
        var lines = [columns.map(csvField).joined(separator: ",")]
        for row in flattened {
            lines.append(columns.map { csvField(row[$0] ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func flatten(_ row: [String: JSONValue]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in row {
            if let text = scalarText(value) {
                result[key] = text
            } else if let nested = value.objectValue {
                for (inner, innerValue) in nested {
                    if let text = scalarText(innerValue) { result["\(key).\(inner)"] = text }
                }
            }
        }
        return result
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    // MARK: - Values

    private static func isScalar(_ value: JSONValue) -> Bool { scalarText(value) != nil }

    /// A plain value as text: strings as they are, numbers with their exact digits, booleans as yes/no.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let flag): flag ? "yes" : "no"
        case .null: ""
        default: nil
        }
    }

    private static func clipped(_ text: String) -> String {
        let single = text.replacing("\n", with: " ")
        return single.count > widthLimit ? String(single.prefix(widthLimit - 1)) + "…" : single
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
