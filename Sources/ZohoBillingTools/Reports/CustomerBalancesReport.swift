#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `report_customer_balances`: what each customer owes and what credit they have unused.
enum CustomerBalancesReport {
    static let tool = ComputedTool(
        descriptor: ReportTools.descriptor(
            name: "report_customer_balances", title: "Report: customer balances",
            description:
                "Receivables and unused credits per customer, largest first, with totals per currency.",
            properties:
                #""include_zero":{"type":"boolean","default":false,"description":"Also customers with 0 owed "#
                + #"and no credit"},"limit":{"type":"integer","minimum":1,"maximum":1000,"default":100,"#
                + #""description":"Customers to list; totals cover all"}"#,
            output: ["totals": "array", "customers": "array", "customers_not_listed": "integer"]),
        body: ReportTools.checkingArguments(run))

    struct Balance {
        var id: String
        var name: String
        var currency: String
        var outstanding: Decimal
        var credits: Decimal
        var places: Int
    }

    @Sendable static func run(_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome
    {
        let includeZero = arguments["include_zero"]?.boolValue ?? false
        let limit = arguments["limit"]?.numberValue?.intValue ?? 100
        var totals = CurrencyLedger<String>()
        // Only the largest `limit` are kept between pages, so memory does not grow with the customer count.
        var top: [Balance] = []
        var listed = 0
        func rank(_ items: inout [Balance]) {
            items.sort { lhs, rhs in
                if lhs.outstanding != rhs.outstanding { return lhs.outstanding > rhs.outstanding }
                if lhs.credits != rhs.credits { return lhs.credits > rhs.credits }
                return lhs.name < rhs.name
            }
            if items.count > limit { items.removeLast(items.count - limit) }
        }
        var reader = PageReader(environment: environment)
        try await reader.read(
            "/customers", rows: CustomerField.self,
            query: [.init(name: "filter_by", value: "Status.All")]
        ) { rows, _ in
            for row in rows {
                let outstandingField = row[.outstandingReceivableAmount] ?? row[.outstanding]
                let creditsField = row[.unusedCreditsReceivableAmount] ?? row[.unusedCredits]
                let outstanding = Money.amount(outstandingField) ?? 0
                let credits = Money.amount(creditsField) ?? 0
                guard includeZero || !outstanding.isZero || !credits.isZero else { continue }
                let currency = row.currency
                let places = max(Money.places(outstandingField), Money.places(creditsField))
                totals.add(outstanding, currency: currency, key: "outstanding", places: places)
                totals.add(credits, currency: currency, key: "unused_credits", places: places)
                listed += 1
                top.append(
                    Balance(
                        id: row[.customerID]?.stringValue ?? "",
                        name: row[.displayName]?.stringValue ?? row[.customerName]?.stringValue ?? "",
                        currency: currency, outstanding: outstanding, credits: credits, places: places))
                if top.count > limit * 2 { rank(&top) }
            }
            return true
        }
        rank(&top)

        var totalsTable = TextTable(["Currency", "Customers", "Outstanding", "Unused credits"], numeric: [1, 2, 3])
        let totalRows: [JSONValue] = totals.currencies.map { currency in
            totalsTable.add([
                currency, String(totals.count(currency, "outstanding")), totals.text(currency, "outstanding"),
                totals.text(currency, "unused_credits"),
            ])
            return [
                "currency_code": .string(currency), "customers": .int(totals.count(currency, "outstanding")),
                "outstanding": totals.json(currency, "outstanding"),
                "unused_credits": totals.json(currency, "unused_credits"),
            ]
        }
        var table = TextTable(["Customer", "Currency", "Outstanding", "Unused credits"], numeric: [2, 3])
        let rows: [JSONValue] = top.map { balance in
            let places = max(totals.places(of: balance.currency), balance.places)
            table.add([
                balance.name, balance.currency, Money.text(balance.outstanding, places: places),
                Money.text(balance.credits, places: places),
            ])
            return [
                "customer_id": .string(balance.id), "customer_name": .string(balance.name),
                "currency_code": .string(balance.currency),
                "outstanding": Money.json(balance.outstanding, places: places),
                "unused_credits": Money.json(balance.credits, places: places),
            ]
        }
        let headline = totals.currencies.map { "\(totals.text($0, "outstanding")) \($0)" }.joined(separator: ", ")
        var report = ReportOutcome(
            summary: "Customer balances: \(ReportTools.count(listed, "customer")) with a balance"
                + (headline.isEmpty ? "." : ", \(headline) outstanding."),
            definitions: [
                "Outstanding: what the customer owes on invoices now, as Zoho keeps it on the customer "
                    + "(outstanding receivable amount), in the customer's currency.",
                "Unused credits: credit notes and overpayments not yet applied to invoices.",
                "Customers: active and inactive"
                    + (includeZero ? "." : ", leaving out those with nothing owed and no credit."),
                "Amounts are per currency and never added across currencies.",
            ],
            structured: [
                "totals": .array(totalRows), "customers": .array(rows),
                "customers_not_listed": .int(max(0, listed - top.count)),
            ])
        report.section("Totals by currency", totalsTable)
        report.section(
            "Customers", table, note: listed > top.count ? "\(listed - top.count) more customers not listed." : nil)
        return report.outcome(reader: reader)
    }
}
