import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoFakeServer

/// List results an agent can afford: compact rows by default, Zoho's whole rows on request, a summary line with
/// the page's totals, and advice when an id argument holds what people call the record.
@Suite struct CompactResultTests {
    @Test("A list returns compact rows and a summary with totals per currency; detail=full returns Zoho's rows")
    func compactAndFullRows() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()

        let full = try await server.callTool("list_invoices", ["per_page": 200, "detail": "full"], id: 2)
        #expect(full["isError"] == false, "\(full.toolText)")
        let fullRows = try #require(full["structuredContent"]?["invoices"]?.arrayValue)
        #expect(fullRows.count > 3)
        #expect(fullRows.contains { ($0.objectValue?.count ?? 0) > 12 }, "full rows keep Zoho's fields")
        #expect(full["structuredContent"]?["page_context"]?["report_name"] != nil)

        let compact = try await server.callTool("list_invoices", ["per_page": 200], id: 3)
        let rows = try #require(compact["structuredContent"]?["invoices"]?.arrayValue)
        #expect(rows.count == fullRows.count)
        let allowed: Set<String> = [
            "invoice_id", "invoice_number", "customer_id", "customer_name", "date", "due_date", "status",
            "currency_code",
            "total",
            "balance",
        ]
        for (row, fullRow) in zip(rows, fullRows) {
            let keys = Set((row.objectValue ?? [:]).keys)
            #expect(keys.isSubset(of: allowed), "\(keys.subtracting(allowed))")
            #expect(row["invoice_id"] == fullRow["invoice_id"] && row["balance"] == fullRow["balance"])
        }
        let contextKeys = Set((compact["structuredContent"]?["page_context"]?.objectValue ?? [:]).keys)
        #expect(contextKeys.isSubset(of: ["page", "per_page", "has_more_page"]), "\(contextKeys)")

        // The total is computed here from Zoho's full rows, per currency, independently of the server's code.
        var expected: [String: Decimal] = [:]
        for row in fullRows {
            let currency = try #require(row["currency_code"]?.stringValue)
            let balance = try #require(row["balance"]?.numberValue?.text)
            expected[currency, default: 0] += try #require(Decimal(string: balance))
        }
        let summary = compact.toolText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(summary.hasPrefix("\(rows.count) invoices on page 1, "), "\(summary)")
        #expect(summary.contains("outstanding"), "\(summary)")
        for (currency, total) in expected {
            let plain = NSDecimalNumber(decimal: total).stringValue
            let parts = plain.split(separator: ".")
            let whole = String(parts[0])
            let fraction = parts.count > 1 ? String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
            var grouped = ""
            for (index, digit) in whole.enumerated() {
                if index > 0 && (whole.count - index) % 3 == 0 { grouped += "," }
                grouped.append(digit)
            }
            #expect(summary.contains("\(currency) \(grouped).\(fraction)"), "\(summary) lacks \(currency) total")
        }
        // The compact page is far smaller than the full one.
        #expect(compact.toolText.utf8.count * 2 < full.toolText.utf8.count)
    }

    @Test("A status filter is named in the summary")
    func statusInSummary() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let result = try await server.callTool("list_invoices", ["status": "overdue"], id: 2)
        let rows = result["structuredContent"]?["invoices"]?.arrayValue ?? []
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["status"] == "overdue" })
        #expect(result.toolText.hasPrefix("\(rows.count) overdue invoice"), "\(result.toolText)")
    }

    @Test("An invoice number given as invoice_id is refused with the list tool that finds the id")
    func humanNumberHint() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let before = environment.apiRequests.count
        let result = try await server.callTool("get_invoice", ["invoice_id": "INV-00004"], id: 2)
        #expect(result["isError"] == true)
        #expect(result.toolText.contains("call list_invoices"), "\(result.toolText)")
        #expect(result.toolText.contains("\"INV-00004\""), "\(result.toolText)")
        #expect(environment.apiRequests.count == before, "nothing reaches Zoho")
    }
}
