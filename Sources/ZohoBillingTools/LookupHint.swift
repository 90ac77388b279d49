package import JSONCore

/// Advice for an id argument that holds what people call the record ("INV-00042", "Acme", an email) instead of
/// Zoho's numeric id: which list tool and filter find the id.
///
/// The list tool is the one whose compact row carries the id, so new schema files get their hints without code.
package enum LookupHint {
    package static func hints(
        for tool: ToolDescriptor, arguments: [String: JSONValue], exposed: [ToolDescriptor]
    ) -> [String] {
        var hints: [String] = []
        for (name, value) in arguments.sorted(by: { $0.key < $1.key }) where name.hasSuffix("_id") {
            guard let text = value.stringValue, !text.isEmpty, !isNumericID(text) else { continue }
            guard let list = exposed.first(where: { $0.isList && $0.rowFields.first == name && $0.name != tool.name })
            else { continue }
            let filter = filterName(for: text, in: list)
            let how = filter.map { " with \($0) \"\(text)\"" } ?? ""
            hints.append(
                "\(name) takes Zoho's numeric id, and \"\(text)\" is not one: call \(list.name)\(how) and use the "
                    + "\(name) of the row you mean.")
        }
        return hints
    }

    private static func isNumericID(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The list filter most likely to match: a number filter for document numbers, an email filter for addresses,
    /// otherwise a name or free-text search.
    private static func filterName(for text: String, in list: ToolDescriptor) -> String? {
        let filters = (list.inputSchema["properties"]?.objectValue ?? [:]).keys.sorted()
        let looksLikeNumber = text.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let preferences: [(String) -> Bool] =
            if text.utf8.contains(UInt8(ascii: "@")) {
                [{ $0.contains("email") }, { $0 == "search_text" }]
            } else if looksLikeNumber {
                [{ $0.hasSuffix("_number") }, { $0.hasSuffix("_code") }, { $0 == "search_text" }]
            } else {
                [{ $0.hasSuffix("_name") || $0 == "name" }, { $0 == "search_text" }, { $0.hasSuffix("_code") }]
            }
        for matches in preferences {
            if let filter = filters.first(where: matches) { return filter }
        }
        return nil
    }
}
