import JSONCore

/// The readable form of audit-log lines: one row per call, in columns.
enum LogTable {
    private static let columns: [(title: String, key: String)] = [
        ("TIME (UTC)", "time"), ("OUTCOME", "outcome"), ("TOOL", "tool"), ("ORGANIZATION", "organization_id"),
        ("HTTP", "http_status"), ("MS", "duration_ms"), ("CLIENT", "client"), ("EXECUTION ID", "execution_id"),
        ("NOTE", "note"),
    ]

    static func render(_ entries: [JSONValue], header: Bool) -> String {
        guard !entries.isEmpty else { return "" }
        let rows = entries.map { entry in columns.map { cell(entry, $0.key) } }
        let widths = columns.indices.map { index in
            max(header ? columns[index].title.count : 0, rows.map { $0[index].count }.max() ?? 0)
        }
        var text = ""
        func append(_ cells: [String]) {
            let padded = cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }
            var line = padded.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
        }
        if header { append(columns.map(\.title)) }
        rows.forEach(append)
        return text
    }

    private static func cell(_ entry: JSONValue, _ key: String) -> String {
        switch entry[key] {
        case .string(let text) where key == "time":
            // Seconds are enough to read; --json keeps the milliseconds.
            return text.count >= 19 ? String(text.prefix(19)).replacing("T", with: " ") : text
        case .string(let text): return text
        case .number(let number): return number.text
        case .bool(let flag): return flag ? "true" : "false"
        default: return "-"
        }
    }
}
