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
                "Unpaid invoice balances by days past due (current, then bucket_days-wide buckets), per currency "
                + "and customer, with the oldest invoices.",
            properties: ReportTools.asOfProperty + ","
                + #""customer_id":{"type":"string","pattern":"^[0-9]+$"},"#
                + #""bucket_days":{"type":"integer","minimum":1,"maximum":365,"default":15},"#
                + #""oldest":{"type":"integer","minimum":0,"maximum":100,"default":10,"#
                + #""description":"Oldest invoices to list"}"#,
            output: [
                "as_of": "string", "bucket_days": "integer", "buckets": "array", "totals": "array",
                "customers": "array", "customers_not_listed": "integer", "oldest_invoices": "array",
            ]),
        body: ReportTools.checkingArguments(run))

    struct OpenInvoice {
        var row: ReportRow<InvoiceField>
        var daysPastDue: Int
        var due: ReportDate
        var balance: MoneySum
        var places: Int
        var currency: String
    }

    /// Balances by bucket, for a currency or for one customer in one currency.
    struct Aging {
        var name = ""
        var buckets = [MoneySum](repeating: MoneySum(), count: 5)
        var invoices = 0
        var places = 2

        mutating func add(_ amount: MoneySum, bucket: Int, places seen: Int) {
            buckets[bucket].add(amount)
            invoices += 1
            if seen > places { places = seen }
        }

        /// Summed from the buckets at the end, which saves an addition per invoice.
        var totalSum: MoneySum {
            var sum = MoneySum()
            for bucket in buckets { sum.add(bucket) }
            return sum
        }

        var total: Decimal { totalSum.decimal }
    }

    static let openStatuses: Set<String> = ["sent", "overdue", "partially_paid", "unpaid"]

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

        // One table entry per currency and per customer, so that each invoice costs two lookups: this loop runs
        // once per invoice, ten thousand times for fifty pages.
        var totals: [String: Aging] = [:]
        var customers: [CurrencyGroup: Aging] = [:]
        var oldest: [OpenInvoice] = []
        var oldestCutoff = Int.min
        var notYetIssued = 0

        var reader = PageReader(environment: environment)
        try await reader.read(
            "/invoices", rows: InvoiceField.self, query: query
        ) { rows, _ in
            for row in rows {
                guard let status = row[.status]?.stringValue,
                    openStatuses.contains(status), case .number(let number)? = row[.balance]
                else { continue }
                var balance = MoneySum()
                let places: Int
                if let (value, seen) = MoneySum.millionths(number.text) {
                    balance.add(millionths: value)
                    places = seen
                } else if let (value, seen) = Money.parse(number.text) {
                    balance.add(value)
                    places = seen
                } else {
                    continue
                }
                guard balance.isPositive else { continue }
                let issued = ReportDate((row[.date] ?? row[.invoiceDate])?.stringValue)
                if let issued, issued > asOf {
                    notYetIssued += 1
                    continue
                }
                let due = ReportDate(row[.dueDate]?.stringValue) ?? issued ?? asOf
                let days = asOf.day - due.day
                let bucket = bucketIndex(daysPastDue: days, width: width)
                let currency = row.currency
                totals[currency, default: Aging()].add(balance, bucket: bucket, places: places)
                let customerID = row[.customerID]?.stringValue ?? ""
                func addToCustomer(_ aging: inout Aging) {
                    if aging.invoices == 0 { aging.name = row[.customerName]?.stringValue ?? customerID }
                    aging.add(balance, bucket: bucket, places: places)
                }
                addToCustomer(&customers[CurrencyGroup(id: customerID, currency: currency), default: Aging()])
                // Younger than the youngest of a full list cannot make it in, so most invoices skip the list.
                if oldestLimit > 0, days >= oldestCutoff {
                    oldest.append(
                        OpenInvoice(
                            row: row.detached(), daysPastDue: days, due: due, balance: balance, places: places,
                            currency: currency))
                    if oldest.count > oldestLimit * 4 {
                        trim(&oldest, to: oldestLimit)
                        oldestCutoff = oldest.last?.daysPastDue ?? Int.min
                    }
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
        func amounts(_ aging: Aging, places: Int) -> (members: [String: JSONValue], cells: [String]) {
            var members: [String: JSONValue] = [:]
            var cells: [String] = []
            for (key, amount) in zip(bucketKeys, aging.buckets) {
                members[key] = Money.json(amount.decimal, places: places)
                cells.append(Money.text(amount.decimal, places: places))
            }
            members["total"] = Money.json(aging.total, places: places)
            members["invoices"] = .int(aging.invoices)
            return (members, cells + [Money.text(aging.total, places: places)])
        }
        var totalsTable = TextTable(["Currency"] + labels + ["Total", "Invoices"], numeric: Set(1...7))
        var totalRows: [JSONValue] = []
        for currency in totals.keys.sorted() {
            let aging = totals[currency] ?? Aging()
            var (row, cells) = amounts(aging, places: aging.places)
            row["currency_code"] = .string(currency)
            totalRows.append(.object(row))
            totalsTable.add([currency] + cells + [String(aging.invoices)])
        }
        structured["totals"] = .array(totalRows)

        let rankedCustomers = customers.map { (key: $0.key, aging: $0.value, total: $0.value.totalSum) }.sorted {
            lhs, rhs in
            if lhs.key.currency != rhs.key.currency { return lhs.key.currency < rhs.key.currency }
            if lhs.total.exceeds(rhs.total) { return true }
            if rhs.total.exceeds(lhs.total) { return false }
            return lhs.aging.name < rhs.aging.name
        }
        var customerTable = TextTable(["Customer", "Currency"] + labels + ["Total"], numeric: Set(2...7))
        var customerRows: [JSONValue] = []
        for (key, aging, _) in rankedCustomers.prefix(customerLimit) {
            var (row, cells) = amounts(aging, places: totals[key.currency]?.places ?? 2)
            row["customer_id"] = .string(key.id)
            row["customer_name"] = .string(aging.name)
            row["currency_code"] = .string(key.currency)
            customerRows.append(.object(row))
            customerTable.add([aging.name, key.currency] + cells)
        }
        structured["customers"] = .array(customerRows)
        structured["customers_not_listed"] = .int(max(0, rankedCustomers.count - customerLimit))

        var oldestTable = TextTable(
            ["Invoice", "Customer", "Due", "Days past due", "Balance", "Currency"], numeric: [3, 4])
        structured["oldest_invoices"] = .array(
            oldest.map { invoice in
                let number = invoice.row[.invoiceNumber]?.stringValue ?? invoice.row[.number]?.stringValue ?? ""
                let places = max(2, invoice.places)
                oldestTable.add([
                    number, invoice.row[.customerName]?.stringValue ?? "", invoice.due.description,
                    String(invoice.daysPastDue), Money.text(invoice.balance.decimal, places: places), invoice.currency,
                ])
                return [
                    "invoice_id": invoice.row[.invoiceID] ?? .null, "invoice_number": .string(number),
                    "customer_id": invoice.row[.customerID] ?? .null,
                    "customer_name": invoice.row[.customerName] ?? .null,
                    "status": invoice.row[.status] ?? .null, "due_date": .string(invoice.due.description),
                    "days_past_due": .int(invoice.daysPastDue),
                    "balance": Money.json(invoice.balance.decimal, places: places),
                    "currency_code": .string(invoice.currency),
                ]
            })

        let invoiceCount = totals.values.reduce(0) { $0 + $1.invoices }
        let owed = totals.keys.sorted().map { currency in
            let aging = totals[currency] ?? Aging()
            return "\(Money.text(aging.total, places: aging.places)) \(currency)"
        }.joined(separator: ", ")
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
            return (lhs.row[.invoiceNumber]?.stringValue ?? "") < (rhs.row[.invoiceNumber]?.stringValue ?? "")
        }
        if invoices.count > limit { invoices.removeLast(invoices.count - limit) }
    }
}
