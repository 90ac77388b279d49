#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
package import JSONCore

/// Turns Zoho's envelope into a tool result: the structured payload without the envelope's `code`, and a
/// short text that starts with a summary line and carries the same JSON for clients that only read text.
package enum ResultShaper {
    package static func outcome(
        for tool: ToolDescriptor, body: JSONValue, verbatim: VerbatimJSONObject? = nil,
        arguments: [String: JSONValue]
    ) -> ToolOutcome {
        var payload = body.objectValue ?? [:]
        payload.removeValue(forKey: "code")
        let message = payload["message"]?.stringValue ?? ""
        if message == "success" { payload.removeValue(forKey: "message") }

        var summary: String
        if tool.isList, let key = tool.responseKey {
            let rows = payload[key]?.arrayValue?.count ?? 0
            let context = payload["page_context"]
            let page = context?["page"]?.numberValue?.intValue ?? arguments["page"]?.numberValue?.intValue ?? 1
            let hasMore = context?["has_more_page"]?.boolValue ?? false
            summary = "\(rows) \(rows == 1 ? singular(key) : key) on page \(page)."
            if hasMore {
                summary += " More exist: call \(tool.name) again with page=\(page + 1) (same filters)."
            } else {
                summary += " No further pages."
            }
        } else if let key = tool.responseKey, let value = payload[key] {
            summary = message.isEmpty || message == "success" ? describe(key: key, value: value) : message
        } else {
            summary = message.isEmpty || message == "success" ? "\(tool.title): done." : message
        }
        if !summary.hasSuffix(".") { summary += "." }
        let structured = JSONValue.object(payload)
        // Zoho's own text where it can be copied: the same members, in Zoho's order, without a second write.
        let json =
            verbatim?.text(omitting: message == "success" ? ["code", "message"] : ["code"])
            ?? structured.serialized()
        return ToolOutcome(text: summary + "\n" + json, structured: structured, structuredJSON: json, isError: false)
    }

    private static func describe(key: String, value: JSONValue) -> String {
        // Byte by byte: the standard library's generic `replacing` costs microseconds on every call's path.
        let noun = String(decoding: key.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        if let array = value.arrayValue { return "\(array.count) \(array.count == 1 ? singular(noun) : noun)" }
        for field in ["number", "invoice_number", "display_name", "name", "\(key)_id"] {
            if let text = value[field]?.stringValue, !text.isEmpty {
                return "\(noun.prefix(1).uppercased() + noun.dropFirst()) \(text)"
            }
        }
        return noun.prefix(1).uppercased() + noun.dropFirst()
    }

    private static func singular(_ plural: String) -> String {
        plural.hasSuffix("s") ? String(plural.dropLast()) : plural
    }
}
