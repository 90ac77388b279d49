#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `report_mrr`: monthly and annual recurring revenue from live subscriptions, with an optional monthly trend.
enum MRRReport {
    static let tool = ComputedTool(
        descriptor: ReportTools.descriptor(
            name: "report_mrr", title: "Report: MRR and ARR",
            description:
                "MRR and ARR of live subscriptions per currency, by plan and product; months > 0 adds a month-end "
                + "trend.",
            properties: ReportTools.asOfProperty + ","
                + #""include_non_renewing":{"type":"boolean","default":true},"#
                + #""months":{"type":"integer","minimum":0,"maximum":36,"default":0}"#,
            output: [
                "as_of": "string", "include_non_renewing": "boolean", "totals": "array", "by_plan": "array",
                "by_product": "array",
            ]),
        body: ReportTools.checkingArguments(run))

    /// Statuses that never produce revenue in the trend, whatever their dates say.
    static let neverBilled: Set<String> = ["trial", "future", "creation_failed", "trial_expired"]

    /// A ledger's yearly sum as a monthly amount, in JSON and in text.
    static func monthlyJSON<Key>(_ ledger: CurrencyLedger<Key>, _ currency: String, _ key: Key) -> JSONValue {
        Money.json(ledger.sum(currency, key) / 12, places: ledger.places(of: currency))
    }

    static func monthlyText<Key>(_ ledger: CurrencyLedger<Key>, _ currency: String, _ key: Key) -> String {
        Money.text(ledger.sum(currency, key) / 12, places: ledger.places(of: currency))
    }

    @Sendable static func run(_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome
    {
        let asOf = try ReportTools.date(arguments, "as_of", default: .today)
        let includeNonRenewing = arguments["include_non_renewing"]?.boolValue ?? true
        let months = arguments["months"]?.numberValue?.intValue ?? 0
        let counted: Set<String> = includeNonRenewing ? ["live", "non_renewing"] : ["live"]
        // Month-end dates, oldest first; the report date stands in for the end of its own month.
        let trendDates: [ReportDate] =
            months == 0
            ? []
            : (0..<months).reversed().map { offset in
                offset == 0 ? asOf : asOf.startOfMonth(offset: -offset).endOfMonth
            }

        var totals = CurrencyLedger<String>()
        var plans = CurrencyLedger<String>()
        var products = CurrencyLedger<String>()
        var planNames: [CurrencyGroup: String] = [:]
        var productNames: [CurrencyGroup: String] = [:]
        var trend = CurrencyLedger<Int>()
        var unpriced = 0

        func take(_ row: ReportRow<SubscriptionField>) {
            let status = row[.status]?.stringValue ?? ""
            let currency = row.currency
            let places = Money.places(row[.amount])
            // Ledgers hold yearly amounts; MRR is their sum divided by 12 once, at the end.
            guard let annual = SubscriptionMath.annualAmount(row) else {
                if counted.contains(status) || !trendDates.isEmpty { unpriced += 1 }
                return
            }
            if counted.contains(status) {
                let plan = SubscriptionMath.plan(row)
                let product = SubscriptionMath.product(row)
                totals.add(annual, currency: currency, key: "mrr", places: places)
                plans.add(annual, currency: currency, key: plan.code, places: places)
                products.add(annual, currency: currency, key: product.id, places: places)
                planNames[CurrencyGroup(id: plan.code, currency: currency)] = plan.name
                productNames[CurrencyGroup(id: product.id, currency: currency)] = product.name
            }
            guard !trendDates.isEmpty, !neverBilled.contains(status),
                let activated = ReportDate(row[.activatedAt]?.stringValue)
            else { return }
            let ended =
                ReportDate(row[.cancelledAt]?.stringValue)
                ?? (status == "expired" ? ReportDate(row[.expiresAt]?.stringValue) : nil)
            for (index, date) in trendDates.enumerated() where activated <= date {
                if let ended, ended <= date { continue }
                trend.add(annual, currency: currency, key: index, places: places)
            }
        }

        var reader = PageReader(environment: environment)
        if trendDates.isEmpty {
            for status in includeNonRenewing ? ["LIVE", "NON_RENEWING"] : ["LIVE"] {
                try await reader.read(
                    "/subscriptions", rows: SubscriptionField.self,
                    query: [.init(name: "filter_by", value: "SubscriptionStatus.\(status)")]
                ) { rows, _ in
                    rows.forEach(take)
                    return true
                }
            }
        } else {
            // The trend needs ended subscriptions too, so one read of everything replaces the status reads.
            try await reader.read(
                "/subscriptions", rows: SubscriptionField.self,
                query: [.init(name: "filter_by", value: "SubscriptionStatus.All")]
            ) { rows, _ in
                rows.forEach(take)
                return true
            }
        }

        var structured: [String: JSONValue] = [
            "as_of": .string(asOf.description), "include_non_renewing": .bool(includeNonRenewing),
        ]
        var totalsTable = TextTable(["Currency", "MRR", "ARR", "Subscriptions"], numeric: [1, 2, 3])
        structured["totals"] = .array(
            totals.currencies.map { currency in
                let places = totals.places(of: currency)
                let arr = totals.sum(currency, "mrr")
                let mrr = arr / 12
                totalsTable.add([
                    currency, Money.text(mrr, places: places), Money.text(arr, places: places),
                    String(totals.count(currency, "mrr")),
                ])
                return [
                    "currency_code": .string(currency), "mrr": Money.json(mrr, places: places),
                    "arr": Money.json(arr, places: places), "subscriptions": .int(totals.count(currency, "mrr")),
                ]
            })

        func breakdown(_ ledger: CurrencyLedger<String>, names: [CurrencyGroup: String], idKey: String, heading: String)
            -> (JSONValue, TextTable)
        {
            var table = TextTable([heading, "Currency", "MRR", "Subscriptions"], numeric: [2, 3])
            let groups = names.keys.sorted { lhs, rhs in
                if lhs.currency != rhs.currency { return lhs.currency < rhs.currency }
                let left = ledger.sum(lhs.currency, lhs.id)
                let right = ledger.sum(rhs.currency, rhs.id)
                return left != right ? left > right : lhs.id < rhs.id
            }
            let rows: [JSONValue] = groups.map { group in
                let name = names[group] ?? group.id
                table.add([
                    name == group.id ? name : "\(name) (\(group.id))", group.currency,
                    monthlyText(ledger, group.currency, group.id), String(ledger.count(group.currency, group.id)),
                ])
                return [
                    idKey: .string(group.id), "name": .string(name), "currency_code": .string(group.currency),
                    "mrr": monthlyJSON(ledger, group.currency, group.id),
                    "subscriptions": .int(ledger.count(group.currency, group.id)),
                ]
            }
            return (.array(rows), table)
        }
        let (planRows, planTable) = breakdown(plans, names: planNames, idKey: "plan_code", heading: "Plan")
        let (productRows, productTable) = breakdown(
            products, names: productNames, idKey: "product_id", heading: "Product")
        structured["by_plan"] = planRows
        structured["by_product"] = productRows

        var trendTable = TextTable(["Month", "Date", "Currency", "MRR", "Subscriptions"], numeric: [3, 4])
        if !trendDates.isEmpty {
            structured["trend"] = .array(
                trendDates.enumerated().map { index, date in
                    let currencies = trend.currencies.filter { trend.count($0, index) > 0 }
                    for currency in currencies {
                        trendTable.add([
                            date.monthKey, date.description, currency, monthlyText(trend, currency, index),
                            String(trend.count(currency, index)),
                        ])
                    }
                    return [
                        "month": .string(date.monthKey), "date": .string(date.description),
                        "totals": .array(
                            currencies.map { currency in
                                [
                                    "currency_code": .string(currency), "mrr": monthlyJSON(trend, currency, index),
                                    "subscriptions": .int(trend.count(currency, index)),
                                ]
                            }),
                    ]
                })
        }

        let headline = totals.currencies.map { "\(monthlyText(totals, $0, "mrr")) \($0)" }.joined(separator: ", ")
        var definitions = [
            "Counted: subscriptions with status live" + (includeNonRenewing ? " or non_renewing" : "")
                + " now; trials, future, unpaid, dunning, cancelled and expired ones are not.",
            SubscriptionMath.definition,
            "ARR = MRR × 12. Amounts are per currency and never added across currencies.",
        ]
        if !trendDates.isEmpty {
            definitions.append(
                "Trend: for each month-end (the report date for its own month), every subscription activated on or "
                    + "before that day and not cancelled (or expired) by then, at its current amount; trials and "
                    + "future subscriptions never count. It does not know past price changes, and may include "
                    + "subscriptions now in dunning that the current total leaves out.")
        }
        if unpriced > 0 {
            definitions.append(
                "\(ReportTools.count(unpriced, "subscription")) without an amount or a known interval "
                    + "unit were left out.")
        }
        var report = ReportOutcome(
            summary: "MRR as of \(asOf): " + (headline.isEmpty ? "none (no live subscriptions)." : headline + "."),
            definitions: definitions, structured: structured)
        report.section("Totals by currency", totalsTable)
        report.section("By plan", planTable)
        report.section("By product", productTable)
        if !trendDates.isEmpty { report.section("Trend (month-end MRR)", trendTable) }
        return report.outcome(reader: reader)
    }
}
