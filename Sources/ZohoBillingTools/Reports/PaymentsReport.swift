#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `report_payments`: money received in a period, by payment mode and by month, net of refunds.
enum PaymentsReport {
    static let tool = ComputedTool(
        descriptor: ReportTools.descriptor(
            name: "report_payments", title: "Report: payments received",
            description:
                "Payments received in a period (default: this month) per currency, by mode and month, refunds "
                + "netted.",
            properties: ReportTools.periodProperties,
            output: ["from": "string", "to": "string", "totals": "array", "by_mode": "array", "by_month": "array"]),
        body: ReportTools.checkingArguments(run))

    struct Group: Hashable {
        var kind: String
        var value: String
    }

    @Sendable static func run(_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome
    {
        let period = try ReportPeriod(arguments)
        var ledger = CurrencyLedger<Group>()
        var failed = 0
        var reader = PageReader(environment: environment)
        try await reader.read(
            "/payments", rows: PaymentField.self,
            query: [.init(name: "sort_column", value: "date"), .init(name: "sort_order", value: "D")]
        ) { rows, pageContext in
            var olderThanPeriod = false
            for row in rows {
                guard let date = ReportDate(row[.date]?.stringValue) else { continue }
                if date < period.from { olderThanPeriod = true }
                guard period.contains(date) else { continue }
                if row[.status]?.stringValue == "failure" {
                    failed += 1
                    continue
                }
                let currency = row.currency
                let amount = Money.amount(row[.amount]) ?? 0
                let refunded = Money.amount(row[.amountRefunded]) ?? 0
                let places = max(Money.places(row[.amount]), Money.places(row[.amountRefunded]))
                let mode = row[.paymentMode]?.stringValue ?? "unknown"
                for group in [
                    Group(kind: "total", value: ""), Group(kind: "mode", value: mode),
                    Group(kind: "month", value: date.monthKey),
                ] {
                    ledger.add(
                        amount, currency: currency, key: Group(kind: group.kind + ".received", value: group.value),
                        places: places)
                    ledger.add(
                        refunded, currency: currency, key: Group(kind: group.kind + ".refunded", value: group.value),
                        places: places, count: 0)
                }
            }
            // Newest first: once a page reaches back before the period, later pages are older still.
            return !(olderThanPeriod && PageReader.isNewestFirst(pageContext, by: "date"))
        }

        func rows(_ kind: String, key: String?, heading: String?) -> (JSONValue, TextTable) {
            var table = TextTable(
                (heading.map { [$0] } ?? []) + ["Currency", "Payments", "Received", "Refunded", "Net"],
                numeric: Set((heading == nil ? 1 : 2)...(heading == nil ? 4 : 5)))
            var values: [(String, String)] = []
            for currency in ledger.currencies {
                for group in ledger.keys(in: currency) where group.kind == kind + ".received" {
                    values.append((currency, group.value))
                }
            }
            values.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            let json: [JSONValue] = values.map { currency, value in
                let received = ledger.sum(currency, Group(kind: kind + ".received", value: value))
                let refunded = ledger.sum(currency, Group(kind: kind + ".refunded", value: value))
                let count = ledger.count(currency, Group(kind: kind + ".received", value: value))
                let places = ledger.places(of: currency)
                table.add(
                    (heading == nil ? [] : [value]) + [
                        currency, String(count), Money.text(received, places: places),
                        Money.text(refunded, places: places), Money.text(received - refunded, places: places),
                    ])
                var row: [String: JSONValue] = [
                    "currency_code": .string(currency), "payments": .int(count),
                    "received": Money.json(received, places: places), "refunded": Money.json(refunded, places: places),
                    "net": Money.json(received - refunded, places: places),
                ]
                if let key { row[key] = .string(value) }
                return .object(row)
            }
            return (.array(json), table)
        }
        let (totalRows, totalsTable) = rows("total", key: nil, heading: nil)
        let (modeRows, modeTable) = rows("mode", key: "payment_mode", heading: "Mode")
        let (monthRows, monthTable) = rows("month", key: "month", heading: "Month")
        let headline = ledger.currencies.map { currency in
            let net =
                ledger.sum(currency, Group(kind: "total.received", value: ""))
                - ledger.sum(currency, Group(kind: "total.refunded", value: ""))
            return "\(Money.text(net, places: ledger.places(of: currency))) \(currency)"
        }.joined(separator: ", ")
        var definitions = [
            "Payment: a payment whose date lies in \(period) (both days included); failed payments are left out.",
            "Refunded: the part of those payments refunded so far (Zoho's amount_refunded), counted against the "
                + "payment's own month and mode; net = received − refunded.",
            "Amounts are per currency and never added across currencies.",
        ]
        if failed > 0 { definitions.append("\(ReportTools.count(failed, "failed payment")) in the period left out.") }
        var report = ReportOutcome(
            summary: "Payments \(period): " + (headline.isEmpty ? "none." : headline + " net of refunds."),
            definitions: definitions,
            structured: [
                "from": .string(period.from.description), "to": .string(period.to.description), "totals": totalRows,
                "by_mode": modeRows, "by_month": monthRows,
            ])
        report.section("Totals by currency", totalsTable)
        report.section("By payment mode", modeTable)
        report.section("By month", monthTable)
        return report.outcome(reader: reader)
    }
}
