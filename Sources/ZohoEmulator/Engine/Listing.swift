#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

extension RequestContext {
    /// Reads `page`, `per_page`, `sort_column` and `sort_order`.
    /// - Throws: HTTP 400 / 4 when a value is not a number, out of range or not a sortable column.
    func listOptions(
        sortColumns: Set<String>, defaultSort: String = "created_time", defaultOrder: String = "D"
    ) throws -> ListOptions {
        var options = ListOptions(
            page: 1, perPage: ListOptions.maximumPerPage, sortColumn: defaultSort, sortOrder: defaultOrder)
        if let text = query("page") {
            guard let page = Int(text), page >= 1 else {
                throw APIError.invalid("page", "Pass a whole number of 1 or more.")
            }
            options.page = page
        }
        if let text = query("per_page") {
            guard let perPage = Int(text), (1...ListOptions.maximumPerPage).contains(perPage) else {
                throw APIError.invalid("per_page", "Pass a whole number from 1 to \(ListOptions.maximumPerPage).")
            }
            options.perPage = perPage
        }
        if let column = query("sort_column") {
            guard sortColumns.contains(column) else {
                throw APIError.invalid(
                    "sort_column", "Sortable columns are \(sortColumns.sorted().joined(separator: ", ")).")
            }
            options.sortColumn = column
        }
        if let order = query("sort_order") {
            switch order.uppercased() {
            case "A", "ASC", "ASCENDING": options.sortOrder = "A"
            case "D", "DESC", "DESCENDING": options.sortOrder = "D"
            default: throw APIError.invalid("sort_order", "Pass A for ascending or D for descending.")
            }
        }
        return options
    }

    /// Parses `filter_by=Prefix.Value` against `values`, matching without regard to case.
    ///
    /// - Returns: The canonical spelling (as Zoho documents it) and the value it maps to, or the default when the
    ///   parameter is absent.
    func filter<T>(
        prefix: String, values: [(name: String, value: T)], parameter: String = "filter_by"
    ) throws -> (applied: String, value: T) {
        guard let raw = query(parameter) else {
            return ("\(prefix).\(values[0].name)", values[0].value)
        }
        let parts = raw.split(separator: ".", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == prefix.lowercased(),
            let match = values.first(where: { $0.name.lowercased() == parts[1].lowercased() })
        {
            return ("\(prefix).\(match.name)", match.value)
        }
        let allowed = values.map { "\(prefix).\($0.name)" }.joined(separator: ", ")
        throw APIError.invalid(parameter, "Allowed values are \(allowed).")
    }
}

/// Sorts, pages and wraps rows in Zoho's list envelope with `page_context`.
func listReply(
    key: String, rows: [JSONObject], options: ListOptions, appliedFilter: String, reportName: String,
    view: ((JSONObject) -> JSONObject)? = nil
) -> APIReply {
    let sorted = sortRows(rows, column: options.sortColumn, descending: options.sortOrder == "D")
    let start = (options.page - 1) * options.perPage
    var pageRows = start < sorted.count ? Array(sorted[start..<min(sorted.count, start + options.perPage)]) : []
    // A view that only adds to what is sorted on is worked out for the page alone, not for every row.
    if let view { pageRows = pageRows.map(view) }
    let context: JSONObject = [
        "page": .int(options.page),
        "per_page": .int(options.perPage),
        "has_more_page": .bool(sorted.count > start + options.perPage),
        "applied_filter": .string(appliedFilter),
        "sort_column": .string(options.sortColumn),
        "sort_order": .string(options.sortOrder),
        "report_name": .string(reportName),
    ]
    return .ok("success", [key: .array(pageRows.map { .object($0.publicView) }), "page_context": .object(context)])
}

/// Stable sort on one column: numbers numerically, everything else as case-insensitive text; ties keep insertion
/// order (reversed for descending, so "newest first" holds for equal timestamps).
func sortRows(_ rows: [JSONObject], column: String, descending: Bool) -> [JSONObject] {
    // Each row's key is worked out once: comparing lowercased copies inside the sort made a list of a thousand
    // invoices take milliseconds.
    let keys = rows.map { SortKey($0[column]) }
    let ascending = rows.indices.sorted { lhs, rhs in
        let order = keys[lhs].compare(keys[rhs])
        if order != .orderedSame { return order == .orderedAscending }
        return lhs < rhs
    }.map { rows[$0] }
    return descending ? ascending.reversed() : ascending
}

/// A value as the sort compares it: numbers by amount when both sides are numbers, anything else by its text,
/// case-insensitively.
private struct SortKey {
    let number: Decimal?
    let text: String

    init(_ value: JSONValue?) {
        if case .number = value { number = value?.decimalValue } else { number = nil }
        text = sortText(value)
    }

    func compare(_ other: SortKey) -> ComparisonResult {
        if let left = number, let right = other.number {
            return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
        }
        return text == other.text ? .orderedSame : (text < other.text ? .orderedAscending : .orderedDescending)
    }
}

private func sortText(_ value: JSONValue?) -> String {
    switch value {
    case .string(let text)?: return text.lowercased()
    case .number(let number)?: return number.text
    case .bool(let flag)?: return flag ? "1" : "0"
    default: return ""
    }
}
