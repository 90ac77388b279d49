#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// How reports turn a subscription's recurring amount into a monthly one.
enum SubscriptionMath {
    /// The definition the MRR, churn and renewal reports state.
    static let definition =
        "Monthly amount: the subscription's recurring amount (Zoho's `amount`: plan, recurring addons and "
        + "discounts, before tax) made yearly by its interval (months: × 12 ÷ interval, years: ÷ interval, "
        + "weeks: × 52 ÷ interval, days: × 365 ÷ interval), then ÷ 12. Yearly amounts are summed first and "
        + "divided once, and rounded to the currency's precision only at the end."

    /// The recurring amount per year, or nil when the amount or interval unit is missing or unknown.
    ///
    /// Working in years keeps yearly and quarterly plans exact: 1234.567 every two years is 617.2835 a year,
    /// while a month of it (51.44029166…) cannot be written exactly and would round the ARR wrong.
    static func annualAmount(_ row: ReportRow<SubscriptionField>) -> Decimal? {
        guard let amount = Money.amount(row[.amount]) else { return nil }
        let interval = Decimal(
            max(1, row[.interval]?.numberValue?.intValue ?? Int(row[.interval]?.stringValue ?? "") ?? 1))
        switch (row[.intervalUnit]?.stringValue ?? "months").lowercased() {
        case "months", "month": return amount * 12 / interval
        case "years", "year": return amount / interval
        case "weeks", "week": return amount * 52 / interval
        case "days", "day": return amount * 365 / interval
        default: return nil
        }
    }

    /// The recurring amount per month (a twelfth of ``annualAmount(_:)``).
    static func monthlyAmount(_ row: ReportRow<SubscriptionField>) -> Decimal? {
        annualAmount(row).map { $0 / 12 }
    }

    /// The plan's code and name on a subscription row (list rows carry them flat, full records in `plan`).
    static func plan(_ row: ReportRow<SubscriptionField>) -> (code: String, name: String) {
        let code = row[.planCode]?.stringValue ?? row[.plan]?["plan_code"]?.stringValue ?? ""
        let name = row[.planName]?.stringValue ?? row[.plan]?["name"]?.stringValue ?? code
        return (code.isEmpty ? "(no plan)" : code, name)
    }

    /// The product's id and name on a subscription row.
    static func product(_ row: ReportRow<SubscriptionField>) -> (id: String, name: String) {
        let id = row[.productID]?.stringValue ?? ""
        let name = row[.productName]?.stringValue ?? id
        return (id.isEmpty ? "(no product)" : id, name.isEmpty ? id : name)
    }
}
