import Foundation
import Testing
import ZohoEmulator

@Suite("Invoices")
struct InvoiceTests {
    @Test("Amounts survive exactly and totals use decimal arithmetic")
    func exactNumbers() async throws {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let reply = await harness.post(
            "/invoices",
            rawJSON: """
                {"customer_id":"\(customer)","date":"2025-06-15","invoice_items":[
                  {"name":"Widget","rate":19.99,"quantity":3},
                  {"name":"Gadget","rate":0.1,"quantity":0.2},
                  {"name":"Odd","rate":19.990,"quantity":1}]}
                """)
        #expect(reply.status == 201)
        #expect(reply.message == "The invoice has been created.")
        #expect(reply.text.contains(#""price":19.99,"#))
        #expect(reply.text.contains(#""rate":19.99}"#))
        #expect(reply.text.contains(#""rate":19.990}"#))
        #expect(reply.text.contains(#""item_total":59.97,"#))
        #expect(reply.text.contains(#""item_total":0.02,"#))
        #expect(reply.text.contains(#""total":79.98,"#))
        #expect(!reply.text.contains("59.970000"))
        #expect(!reply.text.contains("e-"))
        let invoice = reply.object("invoice")
        #expect(invoice["status"] as? String == "draft")
        #expect(invoice["invoice_number"] as? String == "INV-00009")
        let id = try #require(invoice["invoice_id"] as? String)
        let fetched = await harness.call("GET", "/invoices/\(id)")
        #expect(fetched.text.contains(#""rate":19.99}"#))
        #expect(fetched.text.contains(#""balance":79.98,"#))
    }

    @Test("Creating an invoice validates customer, date and items")
    func validation() async {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let items: [[String: Any]] = [["name": "A", "rate": 1, "quantity": 1]]
        let noCustomer = await harness.call("POST", "/invoices", json: ["date": "2025-06-15", "invoice_items": items])
        #expect(noCustomer.status == 400)
        #expect(noCustomer.message.contains("customer_id"))
        let unknownCustomer = await harness.call(
            "POST", "/invoices", json: ["customer_id": "1", "date": "2025-06-15", "invoice_items": items])
        #expect(unknownCustomer.status == 400)
        #expect(unknownCustomer.code == 1002)
        let badDate = await harness.call(
            "POST", "/invoices", json: ["customer_id": customer, "date": "15/06/2025", "invoice_items": items])
        #expect(badDate.code == ZohoErrorCode.invalidValue)
        let noItems = await harness.call("POST", "/invoices", json: ["customer_id": customer, "date": "2025-06-15"])
        #expect(noItems.message.contains("invoice_items"))
        let badRate = await harness.call(
            "POST", "/invoices",
            json: ["customer_id": customer, "date": "2025-06-15", "invoice_items": [["name": "A", "rate": "abc"]]])
        #expect(badRate.status == 400)
        #expect(badRate.message.contains("invoice_items[0].rate"))
    }

    @Test(
        "Seeded invoices cover every status, and filter_by maps to them",
        arguments: [
            ("Status.All", 8), ("Status.Draft", 1), ("Status.Sent", 1), ("Status.OverDue", 2), ("Status.Paid", 2),
            ("Status.PartiallyPaid", 1), ("Status.Void", 1), ("Status.Unpaid", 4), ("status.overdue", 2),
        ])
    func filters(filter: String, expected: Int) async {
        let harness = Harness()
        let reply = await harness.call("GET", "/invoices", query: [("filter_by", filter)])
        #expect(reply.status == 200)
        #expect(reply.list("invoices").count == expected)
        #expect((reply.pageContext["applied_filter"] as? String)?.lowercased() == filter.lowercased())
        #expect(reply.pageContext["report_name"] as? String == "Invoices")
    }

    @Test("Invoices filter by customer and subscription and sort by a column")
    func scopes() async {
        let harness = Harness()
        let customer = await harness.customerID(named: "Harbor")
        let byCustomer = await harness.call("GET", "/invoices", query: [("customer_id", customer)])
        #expect(byCustomer.list("invoices").count == 3)
        let live = await harness.subscription(status: "live")
        let bySubscription = await harness.call(
            "GET", "/invoices", query: [("subscription_id", live["subscription_id"] as? String ?? "")])
        #expect(bySubscription.list("invoices").count == 2)
        let sorted = await harness.call("GET", "/invoices", query: [("sort_column", "total"), ("sort_order", "A")])
        let totals = sorted.list("invoices").compactMap { ($0["total"] as? NSNumber)?.doubleValue }
        #expect(totals == totals.sorted())
        #expect(sorted.pageContext["sort_column"] as? String == "total")
        let badSort = await harness.call("GET", "/invoices", query: [("sort_column", "color")])
        #expect(badSort.status == 400)
        let badFilter = await harness.call("GET", "/invoices", query: [("filter_by", "Status.Lost")])
        #expect(badFilter.status == 400)
        #expect(badFilter.code == ZohoErrorCode.invalidValue)
    }

    @Test("Draft → open → void → void again; the repeat is HTTP 200 with a non-zero code")
    func lifecycle() async throws {
        let harness = Harness()
        let draft = await harness.invoice(status: "draft")
        let id = try #require(draft["invoice_id"] as? String)
        let open = await harness.call("POST", "/invoices/\(id)/converttoopen")
        #expect(open.message == "Status of the invoice has been changed to open.")
        #expect(await harness.call("GET", "/invoices/\(id)").object("invoice")["status"] as? String == "sent")
        let again = await harness.call("POST", "/invoices/\(id)/converttoopen")
        #expect(again.status == 200)
        #expect(again.code == ZohoErrorCode.invalidState)

        let void = await harness.call("POST", "/invoices/\(id)/void")
        #expect(void.status == 200)
        #expect(void.code == 0)
        #expect(void.message == "Invoice has been marked as void.")
        let voided = await harness.call("GET", "/invoices/\(id)").object("invoice")
        #expect(voided["status"] as? String == "void")
        #expect(voided["balance"] as? Int == 0)
        let twice = await harness.call("POST", "/invoices/\(id)/void")
        #expect(twice.status == 200)
        #expect(twice.code == ZohoErrorCode.invalidState)
        #expect(twice.message.contains("already been voided"))
    }

    @Test("Updating recomputes totals; deleting works only without payments")
    func updateAndDelete() async throws {
        let harness = Harness()
        let draft = await harness.invoice(status: "draft")
        let id = try #require(draft["invoice_id"] as? String)
        let updated = await harness.call(
            "PUT", "/invoices/\(id)",
            json: ["invoice_items": [["name": "Consulting", "rate": 80, "quantity": 1.5]], "reference_number": "PO-7"])
        #expect(updated.status == 200)
        #expect(updated.object("invoice")["total"] as? Int == 120)
        #expect(updated.object("invoice")["reference_number"] as? String == "PO-7")
        #expect(await harness.call("DELETE", "/invoices/\(id)").message == "The invoice has been deleted.")
        #expect(await harness.call("GET", "/invoices/\(id)").status == 404)
        #expect(await harness.call("GET", "/invoices/\(id)").message == "Invoice does not exist.")

        let paid = await harness.invoice(status: "paid")
        let refused = await harness.call("DELETE", "/invoices/\(paid["invoice_id"] as? String ?? "")")
        #expect(refused.status == 200)
        #expect(refused.code == ZohoErrorCode.invalidState)
    }

    @Test("Emailing needs to_mail_ids, marks a draft sent and is recorded")
    func email() async throws {
        let harness = Harness()
        let draft = await harness.invoice(status: "draft")
        let id = try #require(draft["invoice_id"] as? String)
        let missing = await harness.call("POST", "/invoices/\(id)/email", json: ["subject": "Hi"])
        #expect(missing.status == 400)
        #expect(missing.message.contains("to_mail_ids"))
        let sent = await harness.call(
            "POST", "/invoices/\(id)/email", json: ["to_mail_ids": ["omar.haddad@example.com"], "subject": "Invoice"])
        #expect(sent.message == "Your invoice has been sent.")
        #expect(harness.emulator.sentEmails.map(\.to) == [["omar.haddad@example.com"]])
        #expect(harness.emulator.sentEmails.first?.subject == "Invoice")
        #expect(await harness.call("GET", "/invoices/\(id)").object("invoice")["status"] as? String == "sent")
    }

    @Test("Collect charges the balance; write-off and its cancellation move the balance")
    func collectAndWriteOff() async throws {
        let harness = Harness()
        let overdue = await harness.invoice(status: "overdue")
        let id = try #require(overdue["invoice_id"] as? String)
        let writeOff = await harness.call("POST", "/invoices/\(id)/writeoff", json: ["reason": "Bad debt"])
        #expect(writeOff.code == 0)
        let written = await harness.call("GET", "/invoices/\(id)").object("invoice")
        #expect(written["balance"] as? Int == 0)
        #expect(written["status"] as? String == "paid")
        #expect(written["write_off_amount"] as? Int == overdue["total"] as? Int)
        #expect(await harness.call("POST", "/invoices/\(id)/writeoff").code == ZohoErrorCode.invalidState)
        _ = await harness.call("POST", "/invoices/\(id)/cancelwriteoff")
        #expect(await harness.call("GET", "/invoices/\(id)").object("invoice")["status"] as? String == "overdue")
        #expect(await harness.call("POST", "/invoices/\(id)/cancelwriteoff").code == ZohoErrorCode.invalidState)

        let collected = await harness.call("POST", "/invoices/\(id)/collect")
        #expect(collected.code == 0)
        #expect(collected.object("payment")["payment_mode"] as? String == "autotransaction")
        #expect(await harness.call("GET", "/invoices/\(id)").object("invoice")["status"] as? String == "paid")
        #expect(await harness.call("POST", "/invoices/\(id)/collect").code == ZohoErrorCode.invalidState)
    }

    @Test("Credits from a credit note reduce the balance")
    func credits() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let invoices = await harness.call(
            "GET", "/invoices", query: [("customer_id", cedar), ("filter_by", "Status.OverDue")])
        let id = try #require(invoices.list("invoices").first?["invoice_id"] as? String)
        let transactions = await harness.call(
            "GET", "/transactions", query: [("customer_id", cedar), ("filter_by", "TransactionType.CREDIT")])
        let noteID = try #require(transactions.list("transactions").first?["transaction_id"] as? String)
        let tooMuch = await harness.call(
            "POST", "/invoices/\(id)/credits",
            json: ["apply_creditnotes": [["creditnote_id": noteID, "amount_applied": 30]]])
        #expect(tooMuch.status == 400)
        let applied = await harness.call(
            "POST", "/invoices/\(id)/credits",
            json: ["apply_creditnotes": [["creditnote_id": noteID, "amount_applied": 25]]])
        #expect(applied.code == 0)
        #expect(applied.list("apply_creditnotes").count == 1)
        let invoice = await harness.call("GET", "/invoices/\(id)").object("invoice")
        #expect(invoice["balance"] as? Int == 965)
        #expect(invoice["credits_applied"] as? Int == 25)
    }
}
