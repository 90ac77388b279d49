#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `report_dunning`: subscriptions whose payments are failing, with what they owe and the last failed charge.
enum DunningReport {
    /// Most subscriptions looked into; each costs two more list reads.
    static let subscriptionLimit = 50

    static let tool = ComputedTool(
        descriptor: ReportTools.descriptor(
            name: "report_dunning", title: "Report: dunning",
            description:
                "Subscriptions past due or unpaid, with their unpaid invoices, balance, MRR at risk, last failed "
                + "charge and next retry.",
            properties: "",
            output: ["totals": "array", "subscriptions": "array", "subscriptions_not_listed": "integer"]),
        body: ReportTools.checkingArguments(run))

    @Sendable static func run(_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome
    {
        var reader = PageReader(environment: environment)
        var troubled: [ReportRow<SubscriptionField>] = []
        var total = 0
        for status in ["PAST_DUE", "UNPAID"] {
            try await reader.read(
                "/subscriptions", rows: SubscriptionField.self,
                query: [.init(name: "filter_by", value: "SubscriptionStatus.\(status)")]
            ) { rows, _ in
                total += rows.count
                for row in rows where troubled.count < subscriptionLimit { troubled.append(row.detached()) }
                return true
            }
        }

        var totals = CurrencyLedger<String>()
        var table = TextTable(
            [
                "Subscription", "Customer", "Status", "Unpaid invoices", "Balance", "Currency", "Last failed charge",
                "Next retry",
            ], numeric: [3, 4])
        var rows: [JSONValue] = []
        for subscription in troubled {
            let id = subscription[.subscriptionID]?.stringValue ?? ""
            let currency = subscription.currency
            var invoices: [JSONValue] = []
            var balance: Decimal = 0
            var places = 2
            try await reader.read(
                "/invoices", rows: InvoiceField.self,
                query: [.init(name: "filter_by", value: "Status.Unpaid"), .init(name: "subscription_id", value: id)]
            ) { page, _ in
                for invoice in page {
                    guard let amount = Money.amount(invoice[.balance]), amount > 0 else { continue }
                    balance += amount
                    places = max(places, Money.places(invoice[.balance]))
                    invoices.append([
                        "invoice_id": invoice[.invoiceID] ?? .null,
                        "invoice_number": invoice[.invoiceNumber] ?? invoice[.number] ?? .null,
                        "due_date": invoice[.dueDate] ?? .null, "status": invoice[.status] ?? .null,
                        "balance": invoice[.balance] ?? .null,
                    ])
                }
                return true
            }
            var failed: JSONValue = .null
            var failedOn = ""
            if let customer = subscription[.customerID]?.stringValue {
                // Asked newest first, so the first failure is the last one and the read can stop there; if Zoho
                // did not sort, every page is read and the latest failure kept.
                try await reader.read(
                    "/payments", rows: PaymentField.self,
                    query: [
                        .init(name: "customer_id", value: customer), .init(name: "sort_column", value: "date"),
                        .init(name: "sort_order", value: "D"),
                    ]
                ) { page, pageContext in
                    for payment in page where payment[.status]?.stringValue == "failure" {
                        let date = payment[.date]?.stringValue ?? ""
                        guard failed == .null || date > failedOn else { continue }
                        failedOn = date
                        failed = [
                            "payment_id": payment[.paymentID] ?? .null, "date": payment[.date] ?? .null,
                            "amount": payment[.amount] ?? .null, "payment_mode": payment[.paymentMode] ?? .null,
                            "message": payment[.gatewayErrorMessage]
                                ?? payment[.autotransaction]?["gateway_error_message"] ?? payment[.description]
                                ?? .null,
                        ]
                    }
                    return failed == .null || !PageReader.isNewestFirst(pageContext, by: "date")
                }
            }
            let monthly = SubscriptionMath.monthlyAmount(subscription) ?? 0
            totals.add(balance, currency: currency, key: "unpaid_balance", places: places)
            totals.add(monthly, currency: currency, key: "mrr_at_risk", places: Money.places(subscription[.amount]))
            let places2 = max(places, 2)
            table.add([
                subscription[.subscriptionNumber]?.stringValue ?? id,
                subscription[.customerName]?.stringValue ?? "", subscription[.status]?.stringValue ?? "",
                String(invoices.count), Money.text(balance, places: places2), currency,
                failed == .null
                    ? "none found"
                    : "\(failed["date"]?.stringValue ?? "?") \(failed["amount"]?.numberValue?.text ?? "")",
                subscription[.nextRetryAt]?.stringValue ?? "",
            ])
            rows.append([
                "subscription_id": .string(id), "subscription_number": subscription[.subscriptionNumber] ?? .null,
                "customer_id": subscription[.customerID] ?? .null,
                "customer_name": subscription[.customerName] ?? .null, "status": subscription[.status] ?? .null,
                "plan_code": .string(SubscriptionMath.plan(subscription).code), "currency_code": .string(currency),
                "mrr": Money.json(monthly, places: max(2, Money.places(subscription[.amount]))),
                "unpaid_invoices": .array(invoices), "unpaid_balance": Money.json(balance, places: places2),
                "last_failed_charge": failed, "next_retry_at": subscription[.nextRetryAt] ?? .null,
            ])
        }

        var totalsTable = TextTable(
            ["Currency", "Subscriptions", "Unpaid balance", "MRR at risk"], numeric: [1, 2, 3])
        let totalRows: [JSONValue] = totals.currencies.map { currency in
            totalsTable.add([
                currency, String(totals.count(currency, "unpaid_balance")), totals.text(currency, "unpaid_balance"),
                totals.text(currency, "mrr_at_risk"),
            ])
            return [
                "currency_code": .string(currency), "subscriptions": .int(totals.count(currency, "unpaid_balance")),
                "unpaid_balance": totals.json(currency, "unpaid_balance"),
                "mrr_at_risk": totals.json(currency, "mrr_at_risk"),
            ]
        }
        var report = ReportOutcome(
            summary: "Dunning: \(ReportTools.count(total, "subscription")) in dunning or unpaid."
                + (total > troubled.count
                    ? " Totals and rows cover the first \(troubled.count); the rest were only counted." : ""),
            definitions: [
                "In dunning: Zoho status dunning (payment retries under way, filter PAST_DUE); unpaid: retries "
                    + "exhausted and left unpaid.",
                "Unpaid invoices: the subscription's invoices that are sent, overdue or partially paid, with their "
                    + "balance now.",
                "Last failed charge: the customer's newest payment with status failure, with the gateway's message "
                    + "when Zoho gives one.",
                "MRR at risk: " + SubscriptionMath.definition,
                "Amounts are per currency and never added across currencies.",
            ],
            structured: [
                "totals": .array(totalRows), "subscriptions": .array(rows),
                "subscriptions_not_listed": .int(max(0, total - troubled.count)),
            ])
        report.section("Totals by currency", totalsTable)
        report.section(
            "Subscriptions", table,
            note: total > troubled.count
                ? "\(total - troubled.count) more subscriptions were not looked into (limit \(subscriptionLimit))."
                : nil)
        return report.outcome(reader: reader)
    }
}
