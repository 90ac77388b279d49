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
        guard json.utf8.count <= maximumResultBytes else {
            return oversized(summary: summary, json: json, tool: tool)
        }
        return ToolOutcome(text: summary + "\n" + json, structured: structured, structuredJSON: json, isError: false)
    }

    /// The most JSON a result carries. Past it, an agent could not use the result anyway, and one message of many
    /// megabytes would stall the client; Zoho's answers stay below it unless a page is asked to hold hundreds of
    /// full records.
    package static let maximumResultBytes = 512 << 10

    /// A result too large to pass on: the summary, the start of the JSON for orientation, and how to ask for less.
    private static func oversized(summary: String, json: String, tool: ToolDescriptor) -> ToolOutcome {
        let excerpt = String(decoding: json.utf8.prefix(4096), as: UTF8.self)
        var advice = "Ask for less at once"
        if tool.isList { advice += ": a smaller per_page, a later page, or narrower filters" }
        let note =
            "\(summary)\nThe full result is \(json.utf8.count / 1024) KiB, over the \(maximumResultBytes / 1024) KiB a "
            + "result may carry, so only its beginning is shown and the structured content is left out. \(advice).\n"
        return ToolOutcome(text: note + excerpt + " …", structured: nil, structuredJSON: nil, isError: false)
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
