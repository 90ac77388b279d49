import Foundation
import Testing
import ZohoEmulator

@Suite("Credit notes and refunds")
struct CreditNoteTests {
    /// Creates a credit note of one line for the customer and returns it.
    func createNote(_ harness: Harness, customer: String, price: Any = 100) async throws -> [String: Any] {
        let reply = await harness.call(
            "POST", "/creditnotes",
            json: [
                "customer_id": customer, "date": "2025-06-15",
                "creditnote_items": [
                    ["code": "basic-monthly", "description": "Outage credit", "quantity": 1, "price": price]
                ],
            ])
        #expect(reply.status == 201, "\(reply.text)")
        return reply.object("creditnote")
    }

    /// The id of the customer's first open invoice with nothing paid yet.
    func openInvoice(_ harness: Harness, customer: String) async throws -> [String: Any] {
        let reply = await harness.call(
            "GET", "/invoices", query: [("customer_id", customer), ("filter_by", "Status.OverDue")])
        return try #require(reply.list("invoices").first)
    }

    @Test(
        "Seeded credit notes cover open, closed and void, and filter_by maps to them",
        arguments: [
            ("CreditNoteStatus.All", 3), ("CreditNoteStatus.Open", 1), ("CreditNoteStatus.Closed", 1),
            ("CreditNoteStatus.Void", 1), ("creditnotestatus.void", 1),
        ])
    func filters(filter: String, expected: Int) async {
        let harness = Harness()
        let reply = await harness.call("GET", "/creditnotes", query: [("filter_by", filter)])
        #expect(reply.status == 200)
        #expect(reply.list("creditnotes").count == expected)
        #expect((reply.pageContext["applied_filter"] as? String)?.lowercased() == filter.lowercased())
        #expect(reply.pageContext["report_name"] as? String == "Credit Notes")
    }

    @Test("The list filters by customer, search text and date range, and rejects unknown filters")
    func listScopes() async {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let mine = await harness.call("GET", "/creditnotes", query: [("customer_id", cedar)])
        #expect(mine.list("creditnotes").map { $0["customer_name"] as? String } == ["Cedar & Pine Studio"])
        let search = await harness.call("GET", "/creditnotes", query: [("search_text", "rma-00")])
        #expect(search.list("creditnotes").map { $0["reference_number"] as? String } == ["RMA-0042"])
        #expect(search.text.contains(#""total":50.500,"#))
        let range = await harness.call(
            "GET", "/creditnotes", query: [("date_start", "2025-06-06"), ("date_end", "2025-06-07")])
        #expect(range.list("creditnotes").map { $0["date"] as? String } == ["2025-06-06"])
        let bad = await harness.call("GET", "/creditnotes", query: [("filter_by", "Status.Open")])
        #expect(bad.status == 400)
        #expect(bad.message.contains("CreditNoteStatus.Open"))
        let badDate = await harness.call("GET", "/creditnotes", query: [("date_start", "June")])
        #expect(badDate.code == ZohoErrorCode.invalidValue)
    }

    @Test("Creating a credit note validates its input, keeps exact amounts and opens it with the total as balance")
    func create() async throws {
        let harness = Harness()
        let bluebird = await harness.customerID(named: "Bluebird")
        let reply = await harness.post(
            "/creditnotes",
            rawJSON: """
                {"customer_id":"\(bluebird)","date":"2025-06-14","reference_number":"INV-00002",
                 "creditnote_items":[{"code":"basic-monthly","quantity":2,"price":14.50},
                                     {"description":"Goodwill","quantity":1,"price":0.99}]}
                """)
        #expect(reply.status == 201)
        #expect(reply.message == "Credit Note created successfully.")
        #expect(reply.text.contains(#""price":14.50,"#))
        #expect(reply.text.contains(#""total":29.99,"#))
        #expect(reply.text.contains(#""balance":29.99,"#))
        let note = reply.object("creditnote")
        #expect(note["status"] as? String == "open")
        #expect(note["creditnote_number"] as? String == "CN-00004")
        #expect(note["email"] as? String == "omar.haddad@example.com")
        let id = try #require(note["creditnote_id"] as? String)
        let fetched = await harness.call("GET", "/creditnotes/\(id)")
        #expect(fetched.object("creditnote")["reference_number"] as? String == "INV-00002")
        #expect((fetched.object("creditnote")["invoices"] as? [Any])?.isEmpty == true)

        let custom = await harness.call(
            "POST", "/creditnotes",
            json: [
                "customer_id": bluebird, "date": "2025-06-14", "creditnote_number": "CN-CUSTOM-1",
                "ignore_auto_number_generation": true,
                "creditnote_items": [["description": "A", "quantity": 1, "price": 1]],
            ])
        #expect(custom.object("creditnote")["creditnote_number"] as? String == "CN-CUSTOM-1")
        let duplicate = await harness.call(
            "POST", "/creditnotes",
            json: [
                "customer_id": bluebird, "date": "2025-06-14", "creditnote_number": "CN-CUSTOM-1",
                "creditnote_items": [["description": "A", "quantity": 1, "price": 1]],
            ])
        #expect(duplicate.status == 400)
        #expect(duplicate.message.contains("already been used"))

        let noItems = await harness.call("POST", "/creditnotes", json: ["customer_id": bluebird, "date": "2025-06-14"])
        #expect(noItems.code == ZohoErrorCode.missingValue)
        #expect(noItems.message.contains("creditnote_items"))
        let unknown = await harness.call(
            "POST", "/creditnotes",
            json: ["customer_id": "1", "date": "2025-06-14", "creditnote_items": [["description": "A", "price": 1]]])
        #expect(unknown.status == 400)
        #expect(unknown.code == ZohoErrorCode.resourceNotFound)
        let zero = await harness.call(
            "POST", "/creditnotes",
            json: [
                "customer_id": bluebird, "date": "2025-06-14", "creditnote_items": [["description": "A", "price": 0]],
            ])
        #expect(zero.status == 400)
        #expect(await harness.call("GET", "/creditnotes/1").status == 404)
    }

    @Test("Applying a credit note lowers the invoice and credit note balances alike, from either side")
    func apply() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let note = try await createNote(harness, customer: cedar)
        let noteID = try #require(note["creditnote_id"] as? String)
        let invoice = try await openInvoice(harness, customer: cedar)
        let invoiceID = try #require(invoice["invoice_id"] as? String)
        let balance = try #require(invoice["balance"] as? Int)

        let applied = await harness.call(
            "POST", "/creditnotes/\(noteID)/invoices",
            json: ["invoices": [["invoice_id": invoiceID, "amount_applied": 30]]])
        #expect(applied.code == 0)
        #expect(applied.message == "Credits have been applied to the invoice(s).")
        #expect(applied.list("invoices").first?["amount_applied"] as? Int == 30)
        let after = await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")
        #expect(after["balance"] as? Int == balance - 30)
        #expect(after["credits_applied"] as? Int == 30)
        #expect((after["credits"] as? [[String: Any]])?.last?["creditnote_id"] as? String == noteID)
        var fetched = await harness.call("GET", "/creditnotes/\(noteID)").object("creditnote")
        #expect(fetched["balance"] as? Int == 70)
        #expect((fetched["invoices"] as? [[String: Any]])?.first?["amount"] as? Int == 30)

        // The invoice side of the same operation lands on the same credit note.
        let fromInvoice = await harness.call(
            "POST", "/invoices/\(invoiceID)/credits",
            json: ["apply_creditnotes": [["creditnote_id": noteID, "amount_applied": 70]]])
        #expect(fromInvoice.code == 0)
        fetched = await harness.call("GET", "/creditnotes/\(noteID)").object("creditnote")
        #expect(fetched["balance"] as? Int == 0)
        #expect(fetched["status"] as? String == "closed")
        #expect((fetched["invoices"] as? [[String: Any]])?.first?["amount"] as? Int == 100)
        let closed = await harness.call(
            "POST", "/creditnotes/\(noteID)/invoices",
            json: ["invoices": [["invoice_id": invoiceID, "amount_applied": 1]]])
        #expect(closed.code == ZohoErrorCode.invalidState)
    }

    @Test("Applying checks customer, invoice state and both balances")
    func applyValidation() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let note = try await createNote(harness, customer: cedar, price: 2000)
        let noteID = try #require(note["creditnote_id"] as? String)
        let invoice = try await openInvoice(harness, customer: cedar)
        let invoiceID = try #require(invoice["invoice_id"] as? String)
        let balance = try #require(invoice["balance"] as? Int)
        func apply(_ entries: [[String: Any]]) async -> Reply {
            await harness.call("POST", "/creditnotes/\(noteID)/invoices", json: ["invoices": entries])
        }
        let tooMuch = await apply([["invoice_id": invoiceID, "amount_applied": balance + 1]])
        #expect(tooMuch.status == 400)
        #expect(tooMuch.message.contains("invoices[0].amount_applied"))
        let harbor = await harness.customerID(named: "Harbor")
        let other = try await openInvoice(harness, customer: harbor)
        let foreign = await apply([["invoice_id": other["invoice_id"] as? String ?? "", "amount_applied": 1]])
        #expect(foreign.message.contains("different customer"))
        let draft = await harness.invoice(status: "draft")
        let notOpen = await apply([["invoice_id": draft["invoice_id"] as? String ?? "", "amount_applied": 1]])
        #expect(notOpen.status == 400)
        let unknown = await apply([["invoice_id": "1", "amount_applied": 1]])
        #expect(unknown.code == ZohoErrorCode.resourceNotFound)
        let missing = await harness.call("POST", "/creditnotes/\(noteID)/invoices", json: [:])
        #expect(missing.code == ZohoErrorCode.missingValue)
        let small = try await createNote(harness, customer: cedar, price: 5)
        let overNote = await harness.call(
            "POST", "/creditnotes/\(small["creditnote_id"] as? String ?? "")/invoices",
            json: ["invoices": [["invoice_id": invoiceID, "amount_applied": 6]]])
        #expect(overNote.message.contains("credit note's balance of 5"))
        // Nothing above changed the invoice.
        let after = await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")
        #expect(after["balance"] as? Int == balance)
    }

    @Test("Void, reopen and delete follow the credit note's use")
    func voidReopenDelete() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let note = try await createNote(harness, customer: cedar)
        let id = try #require(note["creditnote_id"] as? String)
        let voided = await harness.call("POST", "/creditnotes/\(id)/void")
        #expect(voided.message == "The credit note has been marked as void.")
        var fetched = await harness.call("GET", "/creditnotes/\(id)").object("creditnote")
        #expect(fetched["status"] as? String == "void")
        #expect(fetched["balance"] as? Int == 0)
        #expect(await harness.call("POST", "/creditnotes/\(id)/void").code == ZohoErrorCode.invalidState)
        let refundVoid = await harness.call("POST", "/creditnotes/\(id)/refunds", json: ["amount": 1])
        #expect(refundVoid.code == ZohoErrorCode.invalidState)
        let reopened = await harness.call("POST", "/creditnotes/\(id)/converttoopen")
        #expect(reopened.message == "Status of the credit note has been changed to open.")
        fetched = await harness.call("GET", "/creditnotes/\(id)").object("creditnote")
        #expect(fetched["status"] as? String == "open")
        #expect(fetched["balance"] as? Int == 100)
        #expect(await harness.call("POST", "/creditnotes/\(id)/converttoopen").code == ZohoErrorCode.invalidState)

        let invoice = try await openInvoice(harness, customer: cedar)
        _ = await harness.call(
            "POST", "/creditnotes/\(id)/invoices",
            json: ["invoices": [["invoice_id": invoice["invoice_id"] as? String ?? "", "amount_applied": 10]]])
        #expect(await harness.call("POST", "/creditnotes/\(id)/void").code == ZohoErrorCode.invalidState)
        #expect(await harness.call("DELETE", "/creditnotes/\(id)").code == ZohoErrorCode.invalidState)

        let spare = try await createNote(harness, customer: cedar)
        let spareID = try #require(spare["creditnote_id"] as? String)
        let deleted = await harness.call("DELETE", "/creditnotes/\(spareID)")
        #expect(deleted.message == "The credit note has been deleted.")
        #expect(await harness.call("GET", "/creditnotes/\(spareID)").status == 404)
        #expect(await harness.call("DELETE", "/creditnotes/\(spareID)").status == 404)
    }

    @Test("Refunds lower the balance, close a fully refunded note and read back under creditnote_refund")
    func refunds() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let note = try await createNote(harness, customer: cedar)
        let id = try #require(note["creditnote_id"] as? String)
        let reply = await harness.post(
            "/creditnotes/\(id)/refunds", rawJSON: #"{"amount":40.10,"description":"Cash back"}"#)
        #expect(reply.status == 201)
        #expect(reply.message == "The refund information has been saved.")
        #expect(reply.text.contains(#""amount":40.10,"#))
        let refund = reply.object("refund")
        #expect((refund["creditnote"] as? [String: Any])?["balance_amount"] as? Double == 59.9)
        let refundID = try #require(refund["refund_id"] as? String)
        let fetched = await harness.call("GET", "/creditnotes/refunds/\(refundID)")
        #expect(fetched.object("creditnote_refund")["description"] as? String == "Cash back")
        #expect(fetched.object("creditnote_refund")["creditnote_id"] as? String == id)
        #expect(await harness.call("GET", "/creditnotes/\(id)").object("creditnote")["balance"] as? Double == 59.9)

        let tooMuch = await harness.call("POST", "/creditnotes/\(id)/refunds", json: ["amount": 60])
        #expect(tooMuch.status == 400)
        #expect(tooMuch.message.contains("59.9"))
        #expect(await harness.call("POST", "/creditnotes/\(id)/refunds", json: [:]).code == ZohoErrorCode.missingValue)
        let rest = await harness.call("POST", "/creditnotes/\(id)/refunds", json: ["amount": "59.90"])
        #expect(rest.status == 201)
        let closed = await harness.call("GET", "/creditnotes/\(id)").object("creditnote")
        #expect(closed["status"] as? String == "closed")
        #expect(closed["balance"] as? Int == 0)
        #expect(await harness.call("DELETE", "/creditnotes/\(id)").code == ZohoErrorCode.invalidState)

        let transactions = await harness.call(
            "GET", "/transactions", query: [("customer_id", cedar), ("filter_by", "TransactionType.REFUND")])
        #expect(transactions.list("transactions").count == 2)
        #expect(await harness.call("GET", "/creditnotes/refunds/1").status == 404)
    }

    @Test("The seeded refund of Gulf Pearl's credit note reads back, and payment refunds read the same way")
    func seededRefund() async throws {
        let harness = Harness()
        let gulf = "903000000010052"
        let transactions = await harness.call(
            "GET", "/transactions", query: [("customer_id", gulf), ("filter_by", "TransactionType.REFUND")])
        let refundID = try #require(transactions.list("transactions").first?["transaction_id"] as? String)
        let refund = await harness.call("GET", "/creditnotes/refunds/\(refundID)")
        #expect(refund.text.contains(#""amount":50.500,"#))
        #expect(refund.object("creditnote_refund")["currency_code"] as? String == "BHD")
        let payments = await harness.call("GET", "/payments")
        let paymentID = try #require(payments.list("payments").first?["payment_id"] as? String)
        let paid = await harness.call("POST", "/payments/\(paymentID)/refunds", json: ["amount": 1])
        let paymentRefund = try #require(paid.object("refund")["refund_id"] as? String)
        let read = await harness.call("GET", "/creditnotes/refunds/\(paymentRefund)")
        #expect(read.object("creditnote_refund")["payment_id"] as? String == paymentID)
    }

    @Test("Emailing a credit note records the email; a void one cannot be emailed")
    func email() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let note = try await createNote(harness, customer: cedar)
        let id = try #require(note["creditnote_id"] as? String)
        let sent = await harness.call(
            "POST", "/creditnotes/\(id)/email",
            json: [
                "to_mail_ids": ["lena.fischer@example.com"], "cc_mail_ids": ["books@example.com"],
                "subject": "Your credit", "body": "Attached.",
            ])
        #expect(sent.message == "Your creditnote has been sent.")
        let email = try #require(harness.emulator.sentEmails.last)
        #expect(email.invoiceID == id)
        #expect(email.to == ["lena.fischer@example.com"])
        #expect(email.cc == ["books@example.com"])
        #expect(email.subject == "Your credit")
        #expect(await harness.call("GET", "/creditnotes/\(id)").object("creditnote")["is_emailed"] as? Bool == true)
        let noSubject = await harness.call(
            "POST", "/creditnotes/\(id)/email", json: ["to_mail_ids": ["a@example.com"], "body": "x"])
        #expect(noSubject.code == ZohoErrorCode.missingValue)
        let badAddress = await harness.call(
            "POST", "/creditnotes/\(id)/email", json: ["to_mail_ids": ["nobody"], "subject": "s", "body": "b"])
        #expect(badAddress.status == 400)
        _ = await harness.call("POST", "/creditnotes/\(id)/void")
        let void = await harness.call(
            "POST", "/creditnotes/\(id)/email", json: ["to_mail_ids": ["a@example.com"], "subject": "s", "body": "b"])
        #expect(void.code == ZohoErrorCode.invalidState)
        #expect(harness.emulator.sentEmails.count == 1)
    }
}
