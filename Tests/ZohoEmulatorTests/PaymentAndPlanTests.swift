import Foundation
import Testing
import ZohoEmulator

@Suite("Payments, refunds and plans")
struct PaymentAndPlanTests {
    @Test("Recording a payment reduces invoice balances and sets paid / partially_paid")
    func recordPayment() async throws {
        let harness = Harness()
        let customer = await harness.customerID(named: "Northwind")
        let open = await harness.call(
            "GET", "/invoices", query: [("customer_id", customer), ("filter_by", "Status.Sent")])
        let invoiceID = try #require(open.list("invoices").first?["invoice_id"] as? String)
        let partial = await harness.post(
            "/payments",
            rawJSON: #"{"customer_id":"\#(customer)","payment_mode":"cash","amount":10.5,"date":"2025-06-15","#
                + #""invoices":[{"invoice_id":"\#(invoiceID)","amount_applied":10.5}]}"#)
        #expect(partial.status == 201)
        #expect(partial.message == "The payment has been created.")
        #expect(partial.text.contains(#""amount":10.5,"#))
        let paymentID = try #require(partial.object("payment")["payment_id"] as? String)
        var invoice = await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")
        #expect(invoice["status"] as? String == "partially_paid")
        #expect((invoice["balance"] as? NSNumber)?.decimalValue == Decimal(string: "18.5"))

        let rest = await harness.call(
            "POST", "/payments",
            json: [
                "customer_id": customer, "payment_mode": "check", "amount": 18.5,
                "invoices": [["invoice_id": invoiceID, "amount_applied": 18.5]],
            ])
        #expect(rest.status == 201)
        invoice = await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")
        #expect(invoice["status"] as? String == "paid")
        #expect(invoice["balance"] as? Int == 0)
        #expect((invoice["payments"] as? [Any])?.count == 2)

        let deleted = await harness.call("DELETE", "/payments/\(paymentID)")
        #expect(deleted.message == "The payment has been deleted.")
        invoice = await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")
        #expect(invoice["status"] as? String == "partially_paid")
        #expect(await harness.call("GET", "/payments/\(paymentID)").status == 404)
    }

    @Test("Payments are validated against customers and balances")
    func validation() async throws {
        let harness = Harness()
        let harbor = await harness.customerID(named: "Harbor")
        let northwind = await harness.customerID(named: "Northwind")
        let overdue = await harness.call(
            "GET", "/invoices", query: [("customer_id", harbor), ("filter_by", "Status.OverDue")])
        let invoiceID = try #require(overdue.list("invoices").first?["invoice_id"] as? String)
        let missing = await harness.call("POST", "/payments", json: ["customer_id": harbor, "amount": 5])
        #expect(missing.status == 400)
        #expect(missing.message.contains("payment_mode"))
        let tooMuch = await harness.call(
            "POST", "/payments",
            json: [
                "customer_id": harbor, "payment_mode": "cash", "amount": 100,
                "invoices": [["invoice_id": invoiceID, "amount_applied": 100]],
            ])
        #expect(tooMuch.status == 400)
        #expect(tooMuch.code == ZohoErrorCode.invalidValue)
        let otherCustomer = await harness.call(
            "POST", "/payments",
            json: [
                "customer_id": northwind, "payment_mode": "cash", "amount": 5,
                "invoices": [["invoice_id": invoiceID, "amount_applied": 5]],
            ])
        #expect(otherCustomer.status == 400)
        let negative = await harness.call(
            "POST", "/payments", json: ["customer_id": harbor, "payment_mode": "cash", "amount": -1])
        #expect(negative.status == 400)
    }

    @Test("Update a payment, list by mode, refund part of it")
    func updateListRefund() async throws {
        let harness = Harness()
        let list = await harness.call("GET", "/payments")
        #expect(list.list("payments").count == 4)
        #expect(list.pageContext["report_name"] as? String == "Payments Received")
        let checks = await harness.call("GET", "/payments", query: [("filter_by", "PaymentMode.Check")])
        #expect(checks.list("payments").count == 1)
        let id = try #require(checks.list("payments").first?["payment_id"] as? String)

        let updated = await harness.call(
            "PUT", "/payments/\(id)", json: ["reference_number": "CHK-2048", "amount": 120])
        #expect(updated.message == "The payment details have been updated.")
        #expect(updated.object("payment")["reference_number"] as? String == "CHK-2048")
        #expect(updated.object("payment")["unused_amount"] as? Int == 20)

        let refund = await harness.post(
            "/payments/\(id)/refunds", rawJSON: #"{"amount": 20.25, "description": "Overpaid"}"#)
        #expect(refund.status == 201)
        #expect(refund.text.contains(#""amount":20.25,"#))
        #expect(refund.object("refund")["payment_id"] as? String == id)
        let tooMuch = await harness.call("POST", "/payments/\(id)/refunds", json: ["amount": 500])
        #expect(tooMuch.status == 400)
        let payment = await harness.call("GET", "/payments/\(id)").object("payment")
        #expect((payment["amount_refunded"] as? NSNumber)?.decimalValue == Decimal(string: "20.25"))
        let refused = await harness.call("DELETE", "/payments/\(id)")
        #expect(refused.status == 200)
        #expect(refused.code == ZohoErrorCode.invalidState)
    }

    @Test(
        "Plans list with PlanStatus filters and read by plan_code",
        arguments: [
            ("PlanStatus.All", 4), ("PlanStatus.ACTIVE", 3), ("PlanStatus.INACTIVE", 1),
        ])
    func plans(filter: String, expected: Int) async {
        let harness = Harness()
        let reply = await harness.call("GET", "/plans", query: [("filter_by", filter)])
        #expect(reply.list("plans").count == expected)
        let plan = await harness.call("GET", "/plans/pro-annual")
        #expect(plan.object("plan")["recurring_price"] as? Int == 990)
        #expect(plan.object("plan")["interval_unit"] as? String == "years")
        let missing = await harness.call("GET", "/plans/gold")
        #expect(missing.status == 404)
        #expect(missing.message == "Plan does not exist.")
        #expect(await harness.call("POST", "/plans/pro-annual", json: [:]).status == 405)
    }
}
