import JSONCore

/// Assembles a report's result: the structured value (with its definitions and data provenance) and a text made
/// of a summary, tables, the definitions and a line on the data read.
struct ReportOutcome: Sendable {
    var summary: String
    var sections: [(heading: String, table: TextTable, note: String?)] = []
    var definitions: [String]
    var structured: [String: JSONValue]

    init(summary: String, definitions: [String], structured: [String: JSONValue]) {
        self.summary = summary
        self.definitions = definitions
        self.structured = structured
    }

    mutating func section(_ heading: String, _ table: TextTable, note: String? = nil) {
        sections.append((heading, table, note))
    }

    func outcome(reader: PageReader) -> ToolOutcome {
        var structured = self.structured
        structured["definitions"] = .array(definitions.map(JSONValue.string))
        structured["data"] = reader.provenance
        var text = summary
        if !reader.complete {
            text = "INCOMPLETE REPORT (page cap reached; see Data below). " + text
        }
        for section in sections {
            text += "\n\n" + section.heading + ":\n"
            text += section.table.isEmpty ? "(none)" : section.table.rendered
            if let note = section.note { text += "\n" + note }
        }
        text += "\n\nDefinitions:\n" + definitions.map { "- " + $0 }.joined(separator: "\n")
        text += "\n\n" + reader.provenanceText
        return ToolOutcome(text: text, structured: .object(structured))
    }
}
