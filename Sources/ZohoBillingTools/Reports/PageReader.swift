#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import CurlHTTP
import JSONCore

/// Reads Zoho list endpoints for a report: every page at `per_page=200`, one request after another, handing each
/// page to the report and dropping it, so memory stays flat however many records there are.
///
/// Between pages it reports progress (sent only when the client asked for it) and stops at once when the call is
/// cancelled, so no request follows a cancel. A report reads at most ``pageCap`` pages in all; past that it stops
/// and its result says it is incomplete rather than passing off part of the data as the whole.
struct PageReader: Sendable {
    /// The most pages one report reads (50,000 records at 200 a page).
    static let defaultPageCap = 250
    /// Zoho's largest page.
    static let perPage = 200
    /// Whether rows are parsed straight into the report's columns; tests turn it off to check that doing so gives
    /// the same rows as reading Zoho's whole rows and picking the fields out.
    nonisolated(unsafe) static var readsByPosition = true

    /// One list read: which endpoint, with which filters, and what came of it.
    struct Read: Sendable {
        var path: String
        var query: [ZohoRequest.QueryItem]
        var pages = 0
        var records = 0
        /// Whether the last page said no more exist (or the report had read all it needed).
        var complete = false

        var json: JSONValue {
            var filters: [String: JSONValue] = [:]
            for item in query { filters[item.name] = .string(item.value) }
            return [
                "path": .string(path), "filters": .object(filters), "pages": .int(pages), "records": .int(records),
                "complete": .bool(complete),
            ]
        }
    }

    private let environment: ComputedToolEnvironment
    let pageCap: Int
    private(set) var reads: [Read] = []
    private(set) var pages = 0
    private(set) var records = 0
    /// Set when the page cap stopped a read that had more pages.
    private(set) var hitPageCap = false
    let started = Date()

    init(environment: ComputedToolEnvironment, pageCap: Int = PageReader.defaultPageCap) {
        self.environment = environment
        self.pageCap = pageCap
    }

    /// Whether every read finished.
    var complete: Bool { !hitPageCap && reads.allSatisfy(\.complete) }

    /// Reads `path` page by page, passing each page's rows (the list named by `Field`) and its `page_context` to
    /// `body`, which returns false once it has what it needs (a list sorted by date can stop at the period's start).
    /// - Throws: `CancellationError` when the call is cancelled, and Zoho's errors.
    ///
    /// Rows hold only the fields of `Field`, by position: building and hashing a dictionary for each of hundreds
    /// of rows a page would be most of a report's time.
    mutating func read<Field: ReportField>(
        _ path: String, rows _: Field.Type, query: [ZohoRequest.QueryItem] = [],
        _ body: (_ rows: ReportRows<Field>, _ pageContext: JSONValue) throws -> Bool
    ) async throws {
        var read = Read(path: path, query: query)
        defer { reads.append(read) }
        let selection = Field.selection
        var page = 1
        while true {
            try Task.checkCancellation()
            guard pages < pageCap else {
                hitPageCap = true
                return
            }
            var request = ZohoRequest(
                method: .get, path: path,
                query: query + [
                    .init(name: "page", value: String(page)), .init(name: "per_page", value: String(Self.perPage)),
                ])
            if Self.readsByPosition { request.rowFields = selection }
            let response = try await environment.client.send(request, organizationID: environment.organizationID)
            try Task.checkCancellation()
            let table =
                response.rows
                ?? JSONRowTable(rows: response.body[selection.list]?.arrayValue ?? [], fields: selection.fields)
            let rows = ReportRows<Field>(table: table)
            pages += 1
            records += rows.count
            read.pages += 1
            read.records += rows.count
            let pageContext = response.body["page_context"] ?? .null
            let wantsMore = try body(rows, pageContext)
            let hasMore = pageContext["has_more_page"]?.boolValue ?? false
            environment.context.reportProgress(
                Double(pages), total: nil,
                message: "Read page \(page) of \(path) (\(records) records so far)")
            guard hasMore, wantsMore, !rows.isEmpty else {
                // A read the report ended on purpose still covered everything it needed.
                read.complete = true
                return
            }
            page += 1
        }
    }

    /// Whether Zoho says it sorted the page newest first by `column`, which is what makes stopping early safe: a
    /// server that ignored the sort would otherwise have its later pages skipped.
    static func isNewestFirst(_ pageContext: JSONValue, by column: String) -> Bool {
        pageContext["sort_column"]?.stringValue == column && pageContext["sort_order"]?.stringValue == "D"
    }

    /// What was read, when, and whether it was everything, for the report's `data` member.
    var provenance: JSONValue {
        [
            "read_at": .string(ReportDate.timestamp(started)),
            "complete": .bool(complete),
            "page_cap": .int(pageCap),
            "pages": .int(pages),
            "records": .int(records),
            "reads": .array(reads.map(\.json)),
        ]
    }

    /// One or two sentences on the data behind the report, for its text.
    var provenanceText: String {
        let lists = reads.map { read -> String in
            let filters = read.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            return read.path + (filters.isEmpty ? "" : "?" + filters)
        }
        var unique: [String] = []
        for list in lists where !unique.contains(list) { unique.append(list) }
        let shown = unique.prefix(4).joined(separator: ", ") + (unique.count > 4 ? " and \(unique.count - 4) more" : "")
        var text =
            "Data: \(pages) page\(pages == 1 ? "" : "s"), \(records) record\(records == 1 ? "" : "s") from "
            + "\(shown.isEmpty ? "no lists" : shown), read at \(ReportDate.timestamp(started))."
        if hitPageCap {
            text +=
                " INCOMPLETE: the report stopped at its cap of \(pageCap) pages (\(pageCap * Self.perPage) records) "
                + "and more data exists; narrow it (a customer, a shorter period) for a full answer."
        }
        return text
    }
}
