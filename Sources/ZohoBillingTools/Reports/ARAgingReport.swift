#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `report_ar_aging`: what customers owe, by how long it is past due.
enum ARAgingReport {
    static let bucketKeys = ["current", "period_1", "period_2", "period_3", "older"]
    /// Most customers listed; the rest are counted.
    static let customerLimit = 100

    static let tool = ComputedTool(
        descriptor: ReportTools.descriptor(
            name: "report_ar_aging", title: "Report: receivables aging",
            description:
                "Open invoice balances by days past due (current, 1-15, 16-30, 31-45, over 45 by default), "
                + "per currency and per customer, with the oldest invoices. Reads every unpaid invoice.",
            properties: ReportTools.asOfProperty + ","
                + #""customer_id":{"type":"string","pattern":"^[0-9]+$","description":"Only this customer."},"#
                + #""bucket_days":{"type":"integer","minimum":1,"maximum":365,"default":15,"#
                + #""description":"Width of each overdue bucket in days."},"#
                + #""oldest":{"type":"integer","minimum":0,"maximum":100,"default":10,"#
                + #""description":"How many of the oldest invoices to list."}"#,
            output: [
                "as_of": "string", "bucket_days": "integer", "buckets": "array", "totals": "array",
                "customers": "array", "customers_not_listed": "integer", "oldest_invoices": "array",
            ]),
        body: ReportTools.checkingArguments(run))

    struct OpenInvoice {
        var row: JSONValue
        var daysPastDue: Int
        var dueDate: String
        var balance: Decimal
        var currency: String
    }

    @Sendable static func run(_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome
    {
        let asOf = try ReportTools.date(arguments, "as_of", default: .today)
        let width = arguments["bucket_days"]?.numberValue?.intValue ?? 15
        let oldestLimit = arguments["oldest"]?.numberValue?.intValue ?? 10
        var query: [ZohoRequest.QueryItem] = [.init(name: "filter_by", value: "Status.Unpaid")]
        if let customer = arguments["customer_id"]?.stringValue {
            query.append(.init(name: "customer_id", value: customer))
        }

        var totals = CurrencyLedger<String>()
        var customers = CurrencyLedger<String>()
        var customerNames: [CurrencyGroup: String] = [:]
        var oldest: [OpenInvoice] = []
        var notYetIssued = 0

        var reader = PageReader(environment: environment)
        try await reader.read("/invoices", key: "invoices", query: query) { rows in
            for row in rows {
                let status = row["status"]?.stringValue ?? ""
                guard ["sent", "overdue", "partially_paid", "unpaid"].contains(status),
                    let balance = Money.amount(row["balance"]), balance > 0
                else { continue }
                let issued = ReportDate(row["date"]?.stringValue ?? row["invoice_date"]?.stringValue)
                if let issued, issued > asOf {
                    notYetIssued += 1
                    continue
                }
                let due = ReportDate(row["due_date"]?.stringValue) ?? issued ?? asOf
                let days = asOf.day - due.day
                let bucket = bucketKeys[bucketIndex(daysPastDue: days, width: width)]
                let currency = ReportTools.currency(row)
                let places = Money.places(row["balance"])
                totals.add(balance, currency: currency, key: bucket, places: places)
                totals.add(balance, currency: currency, key: "total", places: places)
                let customerID = row["customer_id"]?.stringValue ?? ""
                customers.add(balance, currency: currency, key: customerID + "\u{0}" + bucket, places: places)
                customers.add(balance, currency: currency, key: customerID, places: places)
                customerNames[CurrencyGroup(id: customerID, currency: currency)] =
                    row["customer_name"]?.stringValue ?? customerID
                if oldestLimit > 0 {
                    oldest.append(
                        OpenInvoice(
                            row: row, daysPastDue: days, dueDate: due.description, balance: balance,
                            currency: currency))
                    if oldest.count > oldestLimit * 4 { trim(&oldest, to: oldestLimit) }
                }
            }
            return true
        }
        trim(&oldest, to: oldestLimit)

        let labels = bucketLabels(width: width)
        var structured: [String: JSONValue] = [
            "as_of": .string(asOf.description), "bucket_days": .int(width),
            "buckets": .array(
                zip(bucketKeys, labels).map { key, label in ["key": .string(key), "label": .string(label)] }),
        ]
        var totalsTable = TextTable(["Currency"] + labels + ["Total", "Invoices"], numeric: Set(1...7))
        var totalRows: [JSONValue] = []
        for currency in totals.currencies {
            var row: [String: JSONValue] = ["currency_code": .string(currency)]
            for key in bucketKeys + ["total"] { row[key] = totals.json(currency, key) }
            row["invoices"] = .int(totals.count(currency, "total"))
            totalRows.append(.object(row))
            totalsTable.add(
                [currency] + (bucketKeys + ["total"]).map { totals.text(currency, $0) }
                    + [String(totals.count(currency, "total"))])
        }
        structured["totals"] = .array(totalRows)

        let rankedCustomers = customerNames.keys.sorted { lhs, rhs in
            if lhs.currency != rhs.currency { return lhs.currency < rhs.currency }
            let left = customers.sum(lhs.currency, lhs.id)
            let right = customers.sum(rhs.currency, rhs.id)
            return left != right ? left > right : (customerNames[lhs] ?? "") < (customerNames[rhs] ?? "")
        }
        var customerTable = TextTable(["Customer", "Currency"] + labels + ["Total"], numeric: Set(2...7))
        var customerRows: [JSONValue] = []
        for key in rankedCustomers.prefix(customerLimit) {
            var row: [String: JSONValue] = [
                "customer_id": .string(key.id), "customer_name": .string(customerNames[key] ?? key.id),
                "currency_code": .string(key.currency), "total": customers.json(key.currency, key.id),
                "invoices": .int(customers.count(key.currency, key.id)),
            ]
            var cells = [customerNames[key] ?? key.id, key.currency]
            for bucket in bucketKeys {
                row[bucket] = customers.json(key.currency, key.id + "\u{0}" + bucket)
                cells.append(customers.text(key.currency, key.id + "\u{0}" + bucket))
            }
            customerRows.append(.object(row))
            customerTable.add(cells + [customers.text(key.currency, key.id)])
        }
        structured["customers"] = .array(customerRows)
        structured["customers_not_listed"] = .int(max(0, rankedCustomers.count - customerLimit))

        var oldestTable = TextTable(
            ["Invoice", "Customer", "Due", "Days past due", "Balance", "Currency"], numeric: [3, 4])
        structured["oldest_invoices"] = .array(
            oldest.map { invoice in
                let number = invoice.row["invoice_number"]?.stringValue ?? invoice.row["number"]?.stringValue ?? ""
                let places = max(2, Money.places(invoice.row["balance"]))
                oldestTable.add([
                    number, invoice.row["customer_name"]?.stringValue ?? "", invoice.dueDate,
                    String(invoice.daysPastDue), Money.text(invoice.balance, places: places), invoice.currency,
                ])
                return [
                    "invoice_id": invoice.row["invoice_id"] ?? .null, "invoice_number": .string(number),
                    "customer_id": invoice.row["customer_id"] ?? .null,
                    "customer_name": invoice.row["customer_name"] ?? .null,
                    "status": invoice.row["status"] ?? .null, "due_date": .string(invoice.dueDate),
                    "days_past_due": .int(invoice.daysPastDue), "balance": Money.json(invoice.balance, places: places),
                    "currency_code": .string(invoice.currency),
                ]
            })

        let invoiceCount = totals.currencies.reduce(0) { $0 + totals.count($1, "total") }
        let owed = totals.currencies.map { "\(totals.text($0, "total")) \($0)" }.joined(separator: ", ")
        var report = ReportOutcome(
            summary: "Receivables aging as of \(asOf): \(ReportTools.count(invoiceCount, "open invoice"))"
                + (owed.isEmpty ? "." : ", \(owed) outstanding."),
            definitions: [
                "Open invoice: status sent, overdue or partially paid with a balance above zero, issued on or "
                    + "before the report date; drafts, paid and void invoices are left out.",
                "Amount: the invoice's balance as Zoho reports it now (payments after the report date are not "
                    + "added back).",
                "Days past due: report date minus due date; zero or less is current. Buckets: "
                    + labels.joined(separator: ", ") + "; a bucket includes its upper edge.",
                "Totals are per currency and never added across currencies.",
            ],
            structured: structured)
        report.section("Totals by currency", totalsTable)
        report.section(
            "By customer", customerTable,
            note: rankedCustomers.count > customerLimit
                ? "\(rankedCustomers.count - customerLimit) more customers not listed." : nil)
        if oldestLimit > 0 { report.section("Oldest open invoices", oldestTable) }
        if notYetIssued > 0 {
            report.definitions.append(
                "\(ReportTools.count(notYetIssued, "open invoice")) dated after the report date "
                    + "\(notYetIssued == 1 ? "was" : "were") left out.")
        }
        return report.outcome(reader: reader)
    }

    /// 0 for current, 1–3 for the overdue buckets, 4 for anything older.
    static func bucketIndex(daysPastDue days: Int, width: Int) -> Int {
        guard days > 0 else { return 0 }
        return min(4, (days - 1) / width + 1)
    }

    static func bucketLabels(width: Int) -> [String] {
        ["Current", "1-\(width)", "\(width + 1)-\(2 * width)", "\(2 * width + 1)-\(3 * width)", "Over \(3 * width)"]
    }

    private static func trim(_ invoices: inout [OpenInvoice], to limit: Int) {
        invoices.sort { lhs, rhs in
            if lhs.daysPastDue != rhs.daysPastDue { return lhs.daysPastDue > rhs.daysPastDue }
            return (lhs.row["invoice_number"]?.stringValue ?? "") < (rhs.row["invoice_number"]?.stringValue ?? "")
        }
        if invoices.count > limit { invoices.removeLast(invoices.count - limit) }
    }
}
