#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `report_renewals`: what renews, converts from trial or ends in the next days.
enum RenewalsReport {
    static let listLimit = 200

    static let tool = ComputedTool(
        descriptor: ReportTools.descriptor(
            name: "report_renewals", title: "Report: upcoming renewals",
            description:
                "Renewals due in the next `days` days with amounts, plus trials and non-renewing subscriptions "
                + "ending then; totals per currency.",
            properties: ReportTools.asOfProperty + ","
                + #""days":{"type":"integer","minimum":1,"maximum":366,"default":30}"#,
            output: [
                "from": "string", "to": "string", "totals": "array", "renewals": "array", "trials": "array",
                "ending": "array",
            ]),
        body: ReportTools.checkingArguments(run))

    struct Entry {
        var row: ReportRow<SubscriptionField>
        var date: ReportDate
        var currency: String
    }

    @Sendable static func run(_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome
    {
        let asOf = try ReportTools.date(arguments, "as_of", default: .today)
        let days = arguments["days"]?.numberValue?.intValue ?? 30
        let window = ReportPeriod(from: asOf, to: asOf.adding(days: days))
        var found: [String: [Entry]] = [:]
        var totals = CurrencyLedger<String>()
        var reader = PageReader(environment: environment)
        let kinds: [(status: String, kind: String, dateField: SubscriptionField)] = [
            ("LIVE", "renewals", .nextBillingAt), ("TRIAL", "trials", .trialEndsAt),
            ("NON_RENEWING", "ending", .expiresAt),
        ]
        for (status, kind, field) in kinds {
            try await reader.read(
                "/subscriptions", rows: SubscriptionField.self,
                query: [.init(name: "filter_by", value: "SubscriptionStatus.\(status)")]
            ) { rows, _ in
                for row in rows {
                    let text = row[field]?.stringValue ?? (kind == "ending" ? row[.nextBillingAt]?.stringValue : nil)
                    guard let date = ReportDate(text), window.contains(date) else { continue }
                    let currency = row.currency
                    found[kind, default: []].append(Entry(row: row.detached(), date: date, currency: currency))
                    let amount = Money.amount(row[.amount]) ?? 0
                    switch kind {
                    case "renewals":
                        totals.add(
                            amount, currency: currency, key: "renewal_amount", places: Money.places(row[.amount]))
                    case "trials":
                        totals.add(amount, currency: currency, key: "trial_amount", places: Money.places(row[.amount]))
                    default: totals.add(0, currency: currency, key: "ending")
                    }
                }
                return true
            }
        }

        var structured: [String: JSONValue] = [
            "from": .string(window.from.description), "to": .string(window.to.description),
        ]
        var totalsTable = TextTable(
            ["Currency", "Renewals", "Renewal amount", "Trials ending", "Trial amount", "Ending"],
            numeric: [1, 2, 3, 4, 5])
        structured["totals"] = .array(
            totals.currencies.map { currency in
                totalsTable.add([
                    currency, String(totals.count(currency, "renewal_amount")),
                    totals.text(currency, "renewal_amount"), String(totals.count(currency, "trial_amount")),
                    totals.text(currency, "trial_amount"), String(totals.count(currency, "ending")),
                ])
                return [
                    "currency_code": .string(currency), "renewals": .int(totals.count(currency, "renewal_amount")),
                    "renewal_amount": totals.json(currency, "renewal_amount"),
                    "trials": .int(totals.count(currency, "trial_amount")),
                    "trial_amount": totals.json(currency, "trial_amount"),
                    "ending": .int(totals.count(currency, "ending")),
                ]
            })

        var report = ReportOutcome(
            summary: "Next \(days) days (\(window.from) to \(window.to)): "
                + ReportTools.count(found["renewals"]?.count ?? 0, "renewal") + ", "
                + ReportTools.count(found["trials"]?.count ?? 0, "trial") + " ending, "
                + ReportTools.count(found["ending"]?.count ?? 0, "subscription") + " not renewing.",
            definitions: [
                "Renewal: a live subscription whose next billing date falls in the window (both ends included); "
                    + "amount: its recurring amount per term before tax.",
                "Trial ending: a subscription in trial whose trial end date falls in the window; amount: what it "
                    + "would bill on converting.",
                "Ending: a non-renewing subscription whose term ends (expires_at) in the window.",
                "Amounts are per currency and never added across currencies.",
            ],
            structured: structured)
        for (_, kind, _) in kinds {
            let entries = (found[kind] ?? []).sorted {
                $0.date != $1.date ? $0.date < $1.date : $0.currency < $1.currency
            }
            var table = TextTable(["Date", "Customer", "Plan", "Amount", "Currency"], numeric: [3])
            report.structured[kind] = .array(
                entries.prefix(listLimit).map { entry in
                    let places = max(2, Money.places(entry.row[.amount]))
                    let amount = Money.amount(entry.row[.amount]) ?? 0
                    table.add([
                        entry.date.description, entry.row[.customerName]?.stringValue ?? "",
                        SubscriptionMath.plan(entry.row).code, Money.text(amount, places: places), entry.currency,
                    ])
                    return [
                        "subscription_id": entry.row[.subscriptionID] ?? .null,
                        "customer_id": entry.row[.customerID] ?? .null,
                        "customer_name": entry.row[.customerName] ?? .null,
                        "plan_code": .string(SubscriptionMath.plan(entry.row).code),
                        "date": .string(entry.date.description), "amount": Money.json(amount, places: places),
                        "currency_code": .string(entry.currency),
                    ]
                })
            let heading = ["renewals": "Renewals", "trials": "Trials ending", "ending": "Not renewing, ending"][kind]!
            report.section(
                heading, table,
                note: entries.count > listLimit ? "\(entries.count - listLimit) more not listed." : nil)
        }
        report.sections.insert(("Totals by currency", totalsTable, nil), at: 0)
        return report.outcome(reader: reader)
    }
}
