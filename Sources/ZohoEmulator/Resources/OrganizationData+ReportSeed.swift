#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Demo data the reports need: payments failing, a dunning cancellation, a refund

extension OrganizationData {
    /// Two more customers whose stories the reports tell: Juniper Logistics, whose card keeps failing (a
    /// subscription in dunning with an overdue renewal and a failed charge), and Maple Street Bakery, whose
    /// subscription Zoho cancelled after failed payments, and who was refunded part of an earlier payment.
    ///
    /// Seeded after everything else so the ids tests and docs rely on stay where they are, and created long ago
    /// so the newest-first customer and subscription lists still start with the older demo records.
    mutating func seedReportExamples(today: CalendarDate) {
        func customer(_ name: String, _ first: String, _ last: String, daysAgo: Int) -> JSONObject? {
            let created = RequestContext(
                method: "SEED", parameters: [], query: [], body: [:], today: today,
                timestamp: stamp(today.adding(days: -daysAgo)))
            let body: JSONObject = [
                "display_name": .string(name), "company_name": .string(name), "first_name": .string(first),
                "last_name": .string(last), "email": .string("\(first.lowercased())@\(last.lowercased()).example.com"),
                "payment_terms": 15, "payment_terms_label": "Net 15",
            ]
            return try? insertCustomer(body, context: created)
        }
        func planInvoice(_ customer: JSONObject, _ code: String, date: CalendarDate, subscription: String)
            -> JSONObject
        {
            let plan = plans[code] ?? [:]
            let built =
                (try? lineItems([
                    [
                        "name": plan["name"] ?? "Plan", "code": .string(code), "rate": plan["recurring_price"] ?? 0,
                        "quantity": 1,
                    ]
                ])) ?? (items: [], subTotal: 0)
            return insertInvoice(
                customer: customer, date: date, dueDate: date.adding(days: 15), items: built.items,
                subTotal: built.subTotal, status: "sent", transactionType: "renewal", subscriptionID: subscription,
                timestamp: stamp(date))
        }
        func subscription(_ customer: JSONObject, _ code: String, activated: CalendarDate) -> JSONObject {
            let line = (try? planLine(["plan_code": .string(code)])) ?? [:]
            var row = makeSubscription(
                customer: customer, plan: plans[code] ?? [:], planLine: line, addons: [], coupon: nil,
                autoCollect: true, paymentTerms: nil, body: [:], createdOn: activated, timestamp: stamp(activated))
            row["activated_at"] = .string(activated.description)
            return row
        }

        // Juniper: Pro Monthly for a hundred days; this month's renewal failed and is being retried.
        if let juniper = customer("Juniper Logistics", "Priya", "Raman", daysAgo: 210) {
            var row = subscription(juniper, "pro-monthly", activated: today.adding(days: -100))
            let id = row.string("subscription_id") ?? ""
            let renewal = planInvoice(juniper, "pro-monthly", date: today.adding(days: -20), subscription: id)
            row["status"] = "dunning"
            row["current_term_starts_at"] = .string(today.adding(days: -20).description)
            row["last_billing_at"] = .string(today.adding(days: -20).description)
            row["next_billing_at"] = .string(today.adding(days: -20).adding(months: 1).description)
            row["next_retry_at"] = .string(today.adding(days: 2).description)
            row["child_invoice_id"] = renewal["invoice_id"] ?? .null
            subscriptions[id] = row
            addActivity(id, "Payment failed for the renewal invoice", timestamp: stamp(today.adding(days: -5)))
            var failed = insertPayment(
                customer: juniper, amount: (99, 99), mode: "autotransaction", date: today.adding(days: -5),
                applications: [],
                extra: [
                    "description": "Automatic charge for the renewal invoice",
                    "autotransaction": [
                        "payment_gateway": "test_gateway", "last_four_digits": "0341",
                        "gateway_error_message": "Card declined: insufficient funds.",
                    ],
                ], timestamp: stamp(today.adding(days: -5), hour: 3))
            // A failed charge moves no money: nothing to apply and nothing left over as credit.
            failed["status"] = "failure"
            failed["unused_amount"] = 0
            failed["gateway_error_message"] = "Card declined: insufficient funds."
            payments[failed.string("payment_id") ?? ""] = failed
        }

        // Maple Street: Basic Monthly since five months ago, cancelled by dunning ten days ago; an earlier
        // payment was refunded in part.
        if let maple = customer("Maple Street Bakery", "Tom", "Novak", daysAgo: 200) {
            var row = subscription(maple, "basic-monthly", activated: today.adding(days: -150))
            let id = row.string("subscription_id") ?? ""
            let paid = planInvoice(maple, "basic-monthly", date: today.adding(days: -150), subscription: id)
            _ = planInvoice(maple, "basic-monthly", date: today.adding(days: -30), subscription: id)
            row["status"] = "cancelled_from_dunning"
            row["source"] = "scheduler"
            row["cancelled_at"] = .string(today.adding(days: -10).description)
            row["expires_at"] = .string(today.adding(days: -10).description)
            subscriptions[id] = row
            addActivity(
                id, "Subscription cancelled after failed payment retries", timestamp: stamp(today.adding(days: -10)))
            var payment = insertPayment(
                customer: maple, amount: (29, 29), mode: "creditcard", date: today.adding(days: -149),
                applications: [(paid.string("invoice_id") ?? "", 29)], extra: ["reference_number": "CARD-2231"],
                timestamp: stamp(today.adding(days: -149), hour: 11))
            let paymentID = payment.string("payment_id") ?? ""
            let refundID = nextID()
            refunds[refundID] = [
                "refund_id": .string(refundID), "payment_id": .string(paymentID),
                "date": .string(today.adding(days: -140).description), "amount": .amount("9.50"),
                "refund_mode": "creditcard", "status": "success", "customer_id": maple["customer_id"] ?? .null,
                "description": "Goodwill refund for an outage",
                "created_time": .string(stamp(today.adding(days: -140))),
            ]
            payment["amount_refunded"] = .amount("9.50")
            payments[paymentID] = payment
        }
    }
}
