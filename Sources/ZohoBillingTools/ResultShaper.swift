#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
package import JSONCore

/// Turns Zoho's envelope into a tool result: the structured payload without the envelope's `code`, and a
/// short text that starts with a summary line and carries the same JSON for clients that only read text.
package enum ResultShaper {
    ///
    /// `partial` says the record under the tool's response key was parsed down to ``summaryFields(key:)``: the
    /// verbatim text then carries the result and no tree is built, unless the text cannot be copied.
    package static func outcome(
        for tool: ToolDescriptor, body: JSONValue, verbatim: VerbatimJSONObject? = nil,
        arguments: [String: JSONValue], partial: Bool = false
    ) -> ToolOutcome {
        if partial {
            let omitted: Set<String> = body["message"]?.stringValue == "success" ? ["code", "message"] : ["code"]
            guard let verbatim, let text = verbatim.text(omitting: omitted), text.utf8.count <= maximumResultBytes,
                let key = tool.responseKey, let record = body[key]
            else {
                // Text that cannot be copied as it is (or a result too large): build the whole tree after all.
                let whole = verbatim.flatMap { try? JSONParser.parse($0.bytes) } ?? body
                return outcome(for: tool, body: whole, verbatim: verbatim, arguments: arguments)
            }
            let message = body["message"]?.stringValue ?? ""
            var summary = message.isEmpty || message == "success" ? describe(key: key, value: record) : message
            if !summary.hasSuffix(".") { summary += "." }
            return ToolOutcome(text: summary + "\n" + text, structured: nil, structuredJSON: text, isError: false)
        }
        var payload = body.objectValue ?? [:]
        payload.removeValue(forKey: "code")
        let message = payload["message"]?.stringValue ?? ""
        if message == "success" { payload.removeValue(forKey: "message") }

        var summary: String
        var compacted = false
        if tool.isList, let key = tool.responseKey {
            let rowValues = payload[key]?.arrayValue ?? []
            let rows = rowValues.count
            let context = payload["page_context"]
            let page = context?["page"]?.numberValue?.intValue ?? arguments["page"]?.numberValue?.intValue ?? 1
            let hasMore = context?["has_more_page"]?.boolValue ?? false
            let noun = rows == 1 ? singular(key) : key
            summary = "\(rows) \(filterWord(arguments).map { "\($0) " } ?? "")\(noun.asWords) on page \(page)"
            if let total = tool.summaryTotal, let stated = totals(of: rowValues, field: total.field) {
                summary += ", \(stated) \(total.label)"
            }
            summary += "."
            if !tool.rowFields.isEmpty, arguments["detail"]?.stringValue != "full" {
                payload[key] = .array(rowValues.map { compactRow($0, fields: tool.rowFields) })
                if let context = context?.objectValue {
                    payload["page_context"] = .object(context.filter { Self.pageContextFields.contains($0.key) })
                }
                compacted = true
            }
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
            (compacted ? nil : verbatim?.text(omitting: message == "success" ? ["code", "message"] : ["code"]))
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

    /// The fields of a record the summary line reads (see ``describe(key:value:)``); a `get_*` read parses no
    /// others.
    package static func summaryFields(key: String) -> Set<String> {
        ["number", "invoice_number", "display_name", "name", "\(key)_id"]
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

    /// What a compact list keeps of Zoho's page context: enough to page on.
    private static let pageContextFields: Set<String> = ["page", "per_page", "has_more_page"]

    /// A row cut down to the fields a person scans; fields Zoho left out stay out.
    private static func compactRow(_ row: JSONValue, fields: [String]) -> JSONValue {
        guard case .object(let members) = row else { return row }
        var kept: [String: JSONValue] = [:]
        kept.reserveCapacity(fields.count)
        for field in fields {
            if let value = members[field] { kept[field] = value }
        }
        return .object(kept)
    }

    /// The status filter in words ("overdue", "partially paid"), when the call narrowed the list by one.
    private static func filterWord(_ arguments: [String: JSONValue]) -> String? {
        guard let status = arguments["status"]?.stringValue, status != "all", !status.isEmpty else { return nil }
        return status.asWords
    }

    /// The page's total of a money field per currency, largest first ("USD 8,240.10 and EUR 310.00"); nil when
    /// no row carries the field or every total is zero.
    static func totals(of rows: [JSONValue], field: String) -> String? {
        var sums: [String: (sum: Decimal, places: Int)] = [:]
        var order: [String] = []
        for row in rows {
            guard let amount = Money.amount(row[field]) else { continue }
            let currency = row["currency_code"]?.stringValue ?? ""
            if sums[currency] == nil {
                sums[currency] = (0, 2)
                order.append(currency)
            }
            sums[currency]!.sum += amount
            sums[currency]!.places = max(sums[currency]!.places, Money.places(row[field]))
        }
        // Nothing to state when every total is zero ("USD 0.00 outstanding" on a page of paid invoices).
        guard !order.isEmpty, order.contains(where: { sums[$0]!.sum != 0 }) else { return nil }
        let sorted = order.sorted { sums[$0]!.sum > sums[$1]!.sum }
        let parts = sorted.map { currency in
            let (sum, places) = sums[currency]!
            let amount = grouped(Money.text(sum, places: places))
            return currency.isEmpty ? amount : "\(currency) \(amount)"
        }
        return parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    /// Plain digits with thousands separators: "-8240.10" becomes "-8,240.10".
    static func grouped(_ plain: String) -> String {
        var text = Substring(plain)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        let whole = text.prefix { $0 != "." }
        let fraction = text.dropFirst(whole.count)
        var out = ""
        for (index, digit) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (negative ? "-" : "") + out + fraction
    }

    private static func singular(_ plural: String) -> String {
        plural.hasSuffix("s") ? String(plural.dropLast()) : plural
    }
}

extension String {
    /// snake_case as words: "partially_paid" becomes "partially paid".
    fileprivate var asWords: String {
        String(decoding: utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
