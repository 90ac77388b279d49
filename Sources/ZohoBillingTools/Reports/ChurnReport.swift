#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `report_churn`: subscriptions cancelled in a period, the MRR they took with them, and why.
enum ChurnReport {
    static let listLimit = 100

    static let tool = ComputedTool(
        descriptor: ReportTools.descriptor(
            name: "report_churn", title: "Report: churn",
            description:
                "Subscriptions cancelled in a period (default: this month) with lost MRR, voluntary or by "
                + "dunning, per currency and plan.",
            properties: ReportTools.periodProperties,
            output: ["from": "string", "to": "string", "totals": "array", "by_plan": "array", "cancellations": "array"]),
        body: ReportTools.checkingArguments(run))

    struct Cancellation {
        var row: ReportRow<SubscriptionField>
        var date: ReportDate
        var monthly: Decimal
        var places: Int
        var currency: String
        var dunning: Bool
    }

    @Sendable static func run(_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome
    {
        let period = try ReportPeriod(arguments)
        var seen: Set<String> = []
        var found: [Cancellation] = []
        var undated = 0
        var reader = PageReader(environment: environment)
        // Zoho files subscriptions that dunning ended under their own status, so both are read; a subscription
        // in both lists counts once, as dunning.
        for (status, dunning) in [("CANCELLED_FROM_DUNNING", true), ("CANCELLED", false)] {
            try await reader.read(
                "/subscriptions", rows: SubscriptionField.self,
                query: [.init(name: "filter_by", value: "SubscriptionStatus.\(status)")]
            ) { rows, _ in
                for row in rows {
                    let id = row[.subscriptionID]?.stringValue ?? ""
                    guard seen.insert(id).inserted else { continue }
                    guard let date = ReportDate(row[.cancelledAt]?.stringValue) else {
                        undated += 1
                        continue
                    }
                    guard period.contains(date) else { continue }
                    let byDunning =
                        dunning || row[.status]?.stringValue == "cancelled_from_dunning"
                        || row[.source]?.stringValue == "scheduler"
                    found.append(
                        Cancellation(
                            row: row.detached(), date: date, monthly: SubscriptionMath.monthlyAmount(row) ?? 0,
                            places: Money.places(row[.amount]), currency: row.currency,
                            dunning: byDunning))
                }
                return true
            }
        }

        var totals = CurrencyLedger<String>()
        var plans = CurrencyLedger<CurrencyGroup>()
        var planNames: [CurrencyGroup: String] = [:]
        var planReasons: [CurrencyGroup: (voluntary: Int, dunning: Int)] = [:]
        for item in found {
            let reason = item.dunning ? "dunning" : "voluntary"
            totals.add(item.monthly, currency: item.currency, key: "churned_mrr", places: item.places)
            totals.add(item.monthly, currency: item.currency, key: reason + "_mrr", places: item.places)
            let plan = SubscriptionMath.plan(item.row)
            let key = CurrencyGroup(id: plan.code, currency: item.currency)
            planNames[key] = plan.name
            plans.add(item.monthly, currency: item.currency, key: key, places: item.places)
            if item.dunning {
                planReasons[key, default: (0, 0)].dunning += 1
            } else {
                planReasons[key, default: (0, 0)].voluntary += 1
            }
        }

        var totalsTable = TextTable(
            ["Currency", "Cancelled", "Churned MRR", "Voluntary", "Voluntary MRR", "Dunning", "Dunning MRR"],
            numeric: Set(1...6))
        let totalRows: [JSONValue] = totals.currencies.map { currency in
            let voluntary = totals.count(currency, "voluntary_mrr")
            let dunning = totals.count(currency, "dunning_mrr")
            totalsTable.add([
                currency, String(voluntary + dunning), totals.text(currency, "churned_mrr"), String(voluntary),
                totals.text(currency, "voluntary_mrr"), String(dunning), totals.text(currency, "dunning_mrr"),
            ])
            return [
                "currency_code": .string(currency), "cancellations": .int(voluntary + dunning),
                "churned_mrr": totals.json(currency, "churned_mrr"), "voluntary": .int(voluntary),
                "voluntary_mrr": totals.json(currency, "voluntary_mrr"), "dunning": .int(dunning),
                "dunning_mrr": totals.json(currency, "dunning_mrr"),
            ]
        }

        var planTable = TextTable(
            ["Plan", "Currency", "Voluntary", "Dunning", "Churned MRR"], numeric: [2, 3, 4])
        let planKeys = planNames.keys.sorted {
            $0.currency != $1.currency ? $0.currency < $1.currency : $0.id < $1.id
        }
        let planRows: [JSONValue] = planKeys.map { key in
            let (voluntary, dunning) = planReasons[key] ?? (0, 0)
            let name = planNames[key] ?? key.id
            planTable.add([
                name == key.id ? name : "\(name) (\(key.id))", key.currency, String(voluntary), String(dunning),
                Money.text(plans.sum(key.currency, key), places: plans.places(of: key.currency)),
            ])
            return [
                "plan_code": .string(key.id), "name": .string(name), "currency_code": .string(key.currency),
                "voluntary": .int(voluntary), "dunning": .int(dunning),
                "churned_mrr": Money.json(plans.sum(key.currency, key), places: plans.places(of: key.currency)),
            ]
        }

        var listTable = TextTable(["Cancelled", "Customer", "Plan", "Reason", "MRR", "Currency"], numeric: [4])
        let listed = found.sorted { $0.date != $1.date ? $0.date > $1.date : $0.currency < $1.currency }
            .prefix(listLimit)
        let listRows: [JSONValue] = listed.map { item in
            let places = max(2, item.places)
            let reason = item.dunning ? "dunning" : "voluntary"
            listTable.add([
                item.date.description, item.row[.customerName]?.stringValue ?? "",
                SubscriptionMath.plan(item.row).code, reason, Money.text(item.monthly, places: places), item.currency,
            ])
            return [
                "subscription_id": item.row[.subscriptionID] ?? .null,
                "customer_id": item.row[.customerID] ?? .null,
                "customer_name": item.row[.customerName] ?? .null,
                "plan_code": .string(SubscriptionMath.plan(item.row).code),
                "cancelled_at": .string(item.date.description),
                "reason": .string(reason), "mrr": Money.json(item.monthly, places: places),
                "currency_code": .string(item.currency),
            ]
        }

        let headline = totals.currencies.map { "\(totals.text($0, "churned_mrr")) \($0)" }.joined(separator: ", ")
        var definitions = [
            "Cancellation: a subscription whose cancelled_at date lies in \(period) (both days included), read "
                + "from Zoho's cancelled and cancelled-from-dunning lists.",
            "Dunning: cancelled by Zoho after failed payments (listed as cancelled from dunning, or source "
                + "`scheduler`); every other cancellation counts as voluntary.",
            "Churned MRR: " + SubscriptionMath.definition,
            "Amounts are per currency and never added across currencies.",
        ]
        if undated > 0 {
            definitions.append(
                "\(ReportTools.count(undated, "cancelled subscription")) without a cancellation date were left out.")
        }
        var report = ReportOutcome(
            summary: "Churn \(period): \(ReportTools.count(found.count, "cancellation"))"
                + (headline.isEmpty ? "." : ", \(headline) MRR lost."),
            definitions: definitions,
            structured: [
                "from": .string(period.from.description), "to": .string(period.to.description),
                "totals": .array(totalRows), "by_plan": .array(planRows), "cancellations": .array(listRows),
            ])
        report.section("Totals by currency", totalsTable)
        report.section("By plan", planTable)
        report.section(
            "Cancellations", listTable,
            note: found.count > listLimit ? "\(found.count - listLimit) earlier cancellations not listed." : nil)
        return report.outcome(reader: reader)
    }
}
