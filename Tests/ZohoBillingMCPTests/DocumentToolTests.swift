import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The credit note and quote tools through the built binary against the loopback Zoho: the request Zoho receives
/// and what comes back, including the confirmation step of their destructive tools.
@Suite(.serialized) struct DocumentToolTests {
    typealias Expectation = ToolCallTests.Expectation

    /// A server with confirmation off, for tests of request mapping.
    static func session(_ environment: TestEnvironment) async throws -> ToolCallTests.Session {
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_CONFIRM": "off"]))
        _ = try await server.initialize()
        return ToolCallTests.Session(environment: environment, server: server)
    }

    static func number(_ text: String) -> JSONValue { .number(JSONNumber(text: text)!) }

    @Test("Credit note tools: list, create, get, apply, refund, read the refund, email, void, reopen and delete")
    func creditNotes() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let session = try await Self.session(environment)

        let open = try await session.call(
            "list_credit_notes", ["status": "open"],
            expect: .init(
                method: "GET", path: "/creditnotes", query: ["filter_by": "CreditNoteStatus.Open", "per_page": "25"]))
        let seeded = try #require(open["creditnotes"]?.arrayValue)
        #expect(seeded.count == 1 && seeded.allSatisfy { $0["status"] == "open" })
        let customerID = try #require(seeded.first?["customer_id"]?.stringValue)
        let mine = try await session.call(
            "list_credit_notes",
            ["customer_id": .string(customerID), "search_text": "CN-0", "date_start": "2020-01-01"],
            expect: .init(
                method: "GET", path: "/creditnotes",
                query: ["customer_id": customerID, "search_text": "CN-0", "date_start": "2020-01-01"]))
        #expect(mine["creditnotes"]?.arrayValue?.count == 1)

        let created = try await session.call(
            "create_credit_note",
            [
                "customer_id": .string(customerID), "date": "2026-11-20", "reference_number": "RMA-9",
                "creditnote_items": [
                    ["code": "basic-monthly", "description": "Outage", "quantity": 2, "price": Self.number("12.50")]
                ],
            ],
            expect: .init(
                method: "POST", path: "/creditnotes",
                body: ["price": #""price":12.50"#, "customer": #""customer_id":"\#(customerID)""#]))
        let note = try #require(created["creditnote"])
        let noteID = try #require(note["creditnote_id"]?.stringValue)
        #expect(note["total"]?.numberValue?.text == "25")
        #expect(note["status"] == "open")
        let fetched = try await session.call(
            "get_credit_note", ["creditnote_id": .string(noteID)],
            expect: .init(method: "GET", path: "/creditnotes/\(noteID)"))
        #expect(fetched["creditnote"]?["reference_number"] == "RMA-9")

        let invoices = try await session.call(
            "list_invoices", ["status": "overdue", "customer_id": .string(customerID)],
            expect: .init(method: "GET", path: "/invoices", query: ["filter_by": "Status.OverDue"]))
        let invoice = try #require(invoices["invoices"]?.arrayValue?.first)
        let invoiceID = try #require(invoice["invoice_id"]?.stringValue)
        let balance = try #require(invoice["balance"]?.numberValue.flatMap { Decimal(string: $0.text) })
        let applied = try await session.call(
            "apply_credit_note",
            [
                "creditnote_id": .string(noteID),
                "invoices": [["invoice_id": .string(invoiceID), "amount_applied": Self.number("10.25")]],
            ],
            expect: .init(
                method: "POST", path: "/creditnotes/\(noteID)/invoices",
                body: ["invoices": #""invoices":[{"#, "amount": #""amount_applied":10.25"#]))
        #expect(applied["invoices"]?.arrayValue?.first?["amount_applied"]?.numberValue?.text == "10.25")
        let after = try await session.call(
            "get_invoice", ["invoice_id": .string(invoiceID)],
            expect: .init(method: "GET", path: "/invoices/\(invoiceID)"))
        #expect(
            after["invoice"]?["balance"]?.numberValue.flatMap { Decimal(string: $0.text) } == balance - Decimal(
                string: "10.25")!)

        let refund = try await session.call(
            "refund_credit_note",
            ["creditnote_id": .string(noteID), "amount": Self.number("4.75"), "description": "Paid back in cash"],
            expect: .init(
                method: "POST", path: "/creditnotes/\(noteID)/refunds", body: ["amount": #""amount":4.75"#]))
        let refundID = try #require(refund["refund"]?["refund_id"]?.stringValue)
        let readBack = try await session.call(
            "get_credit_note_refund", ["refund_id": .string(refundID)],
            expect: .init(method: "GET", path: "/creditnotes/refunds/\(refundID)"))
        #expect(readBack["creditnote_refund"]?["description"] == "Paid back in cash")
        let drawn = try await session.call(
            "get_credit_note", ["creditnote_id": .string(noteID)],
            expect: .init(method: "GET", path: "/creditnotes/\(noteID)"))
        #expect(drawn["creditnote"]?["balance"]?.numberValue?.text == "10")

        try await session.call(
            "email_credit_note",
            [
                "creditnote_id": .string(noteID), "to_mail_ids": ["lena.fischer@example.com"],
                "subject": "Your credit", "body": "Attached.",
            ],
            expect: .init(
                method: "POST", path: "/creditnotes/\(noteID)/email",
                body: ["to": #""to_mail_ids":["lena.fischer@example.com"]"#]))
        #expect(environment.emulator.sentEmails.last?.invoiceID == noteID)
        #expect(environment.emulator.sentEmails.last?.subject == "Your credit")

        let spare = try await session.call(
            "create_credit_note",
            [
                "customer_id": .string(customerID), "date": "2026-11-20",
                "creditnote_items": [["description": "Spare", "quantity": 1, "price": 3]],
            ],
            expect: .init(method: "POST", path: "/creditnotes"))
        let spareID = try #require(spare["creditnote"]?["creditnote_id"]?.stringValue)
        try await session.call(
            "void_credit_note", ["creditnote_id": .string(spareID)],
            expect: .init(method: "POST", path: "/creditnotes/\(spareID)/void"))
        let voided = try await session.call(
            "list_credit_notes", ["status": "void"],
            expect: .init(method: "GET", path: "/creditnotes", query: ["filter_by": "CreditNoteStatus.Void"]))
        #expect(voided["creditnotes"]?.arrayValue?.contains { $0["creditnote_id"] == .string(spareID) } == true)
        try await session.call(
            "reopen_credit_note", ["creditnote_id": .string(spareID)],
            expect: .init(method: "POST", path: "/creditnotes/\(spareID)/converttoopen"))
        try await session.call(
            "delete_credit_note", ["creditnote_id": .string(spareID)],
            expect: .init(method: "DELETE", path: "/creditnotes/\(spareID)"))
        let gone = try await session.server.callTool("get_credit_note", ["creditnote_id": .string(spareID)], id: 900)
        #expect(gone["isError"] == true)
        #expect(gone.toolText.contains("404"))
        try environment.assertNoSecrets(in: [session.server.stdoutText, session.server.stderrText])
    }

    @Test("Voiding and emailing a credit note need confirmation: the preview sends nothing, the token runs it once")
    func creditNoteConfirmation() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let list = try await server.callTool("list_credit_notes", ["status": "open"], id: 1)
        let noteID = try #require(
            list["structuredContent"]?["creditnotes"]?.arrayValue?.first?["creditnote_id"]?.stringValue)

        let email: JSONValue = [
            "creditnote_id": .string(noteID), "to_mail_ids": ["lena.fischer@example.com"], "subject": "Credit",
            "body": "Attached.",
        ]
        let emailPreview = try await server.callTool("email_credit_note", email, id: 2)
        #expect(emailPreview["structuredContent"]?["status"] == "confirmation_required")
        #expect(emailPreview.toolText.contains("lena.fischer@example.com"))
        let voidPreview = try await server.callTool("void_credit_note", ["creditnote_id": .string(noteID)], id: 3)
        #expect(voidPreview["structuredContent"]?["status"] == "confirmation_required")
        #expect(SafetyTestSupport.changes(environment).isEmpty, "previews change nothing")
        #expect(environment.emulator.sentEmails.isEmpty)

        var confirmedEmail = email.objectValue ?? [:]
        confirmedEmail["confirmation_token"] = emailPreview["structuredContent"]?["confirmation_token"]
        let sent = try await server.callTool("email_credit_note", .object(confirmedEmail), id: 4)
        #expect(sent["isError"] == false, "\(sent.toolText)")
        #expect(environment.emulator.sentEmails.map(\.to) == [["lena.fischer@example.com"]])
        let token = try #require(voidPreview["structuredContent"]?["confirmation_token"])
        let voided = try await server.callTool(
            "void_credit_note", ["creditnote_id": .string(noteID), "confirmation_token": token], id: 5)
        #expect(voided["isError"] == false, "\(voided.toolText)")
        #expect(
            SafetyTestSupport.changes(environment) == [
                "POST /billing/v1/creditnotes/\(noteID)/email", "POST /billing/v1/creditnotes/\(noteID)/void",
            ])
        let again = try await server.callTool(
            "void_credit_note", ["creditnote_id": .string(noteID), "confirmation_token": token], id: 6)
        #expect(again["isError"] == true)
        #expect(SafetyTestSupport.changes(environment).count == 2)
        let note = try await server.callTool("get_credit_note", ["creditnote_id": .string(noteID)], id: 7)
        #expect(note["structuredContent"]?["creditnote"]?["status"] == "void")
    }

    @Test("Quote tools: create for a customer, list, get, update, mark sent then accepted, email, templates, comments")
    func quoteLifecycle() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let session = try await Self.session(environment)

        let customers = try await session.call(
            "list_customers", expect: .init(method: "GET", path: "/customers"))
        let customer = try #require(customers["customers"]?.arrayValue?.first)
        let customerID = try #require(customer["customer_id"]?.stringValue)
        let created = try await session.call(
            "create_quote",
            [
                "customer_id": .string(customerID), "date": "2026-11-20", "expiry_date": "2026-12-20",
                "line_items": [
                    ["item_id": "903000000010001", "name": "Onboarding", "rate": Self.number("249.90"), "quantity": 2]
                ],
                "discount": "10%",
            ],
            expect: .init(
                method: "POST", path: "/estimates",
                body: ["rate": #""rate":249.90"#, "discount": #""discount":"10%""#]))
        let quote = try #require(created["estimate"])
        let quoteID = try #require(quote["estimate_id"]?.stringValue)
        #expect(quote["status"] == "draft")
        #expect(quote["total"]?.numberValue?.text == "449.82")

        let drafts = try await session.call(
            "list_quotes", ["status": "draft", "customer_id": .string(customerID)],
            expect: .init(
                method: "GET", path: "/estimates", query: ["filter_by": "Status.Draft", "customer_id": customerID]))
        #expect(drafts["estimates"]?.arrayValue?.contains { $0["estimate_id"] == .string(quoteID) } == true)
        #expect(drafts["estimates"]?.arrayValue?.allSatisfy { $0["status"] == "draft" } == true)
        try await session.call(
            "get_quote", ["estimate_id": .string(quoteID)], expect: .init(method: "GET", path: "/estimates/\(quoteID)"))
        let updated = try await session.call(
            "update_quote",
            [
                "estimate_id": .string(quoteID), "customer_id": .string(customerID), "estimate_number": "QT-ACME-1",
                "ignore_auto_number_generation": true, "notes": "Valid for 30 days.",
            ],
            expect: .init(
                method: "PUT", path: "/estimates/\(quoteID)", query: ["ignore_auto_number_generation": "true"],
                body: ["number": #""estimate_number":"QT-ACME-1""#]))
        #expect(updated["estimate"]?["estimate_number"] == "QT-ACME-1")
        #expect(updated["estimate"]?["notes"] == "Valid for 30 days.")

        try await session.call(
            "mark_quote_sent", ["estimate_id": .string(quoteID)],
            expect: .init(method: "POST", path: "/estimates/\(quoteID)/status/sent"))
        try await session.call(
            "mark_quote_accepted", ["estimate_id": .string(quoteID)],
            expect: .init(method: "POST", path: "/estimates/\(quoteID)/status/accepted"))
        let accepted = try await session.call(
            "get_quote", ["estimate_id": .string(quoteID)], expect: .init(method: "GET", path: "/estimates/\(quoteID)"))
        #expect(accepted["estimate"]?["status"] == "accepted")

        let content = try await session.call(
            "get_quote_email", ["estimate_id": .string(quoteID)],
            expect: .init(method: "GET", path: "/estimates/\(quoteID)/email"))
        #expect(content["subject"]?.stringValue?.contains("QT-ACME-1") == true)
        try await session.call(
            "email_quote", ["estimate_id": .string(quoteID), "to_mail_ids": ["buyer@example.com"]],
            expect: .init(
                method: "POST", path: "/estimates/\(quoteID)/email",
                body: ["to": #""to_mail_ids":["buyer@example.com"]"#]))
        #expect(environment.emulator.sentEmails.last?.to == ["buyer@example.com"])

        let second = try await session.call(
            "create_quote",
            [
                "customer_id": .string(customerID),
                "line_items": [["item_id": "903000000010001", "name": "Extra seats", "rate": 10, "quantity": 3]],
            ],
            expect: .init(method: "POST", path: "/estimates"))
        let secondID = try #require(second["estimate"]?["estimate_id"]?.stringValue)
        try await session.call(
            "email_quotes", ["estimate_ids": .string("\(secondID)")],
            expect: .init(method: "POST", path: "/estimates/email", query: ["estimate_ids": secondID]))
        let secondAfter = try await session.call(
            "get_quote", ["estimate_id": .string(secondID)],
            expect: .init(method: "GET", path: "/estimates/\(secondID)"))
        #expect(secondAfter["estimate"]?["status"] == "sent")
        try await session.call(
            "mark_quote_declined", ["estimate_id": .string(secondID)],
            expect: .init(method: "POST", path: "/estimates/\(secondID)/status/declined"))

        let templates = try await session.call(
            "list_quote_templates", expect: .init(method: "GET", path: "/estimates/templates"))
        let templateID = try #require(templates["templates"]?.arrayValue?.last?["template_id"]?.stringValue)
        try await session.call(
            "update_quote_template", ["estimate_id": .string(quoteID), "template_id": .string(templateID)],
            expect: .init(method: "PUT", path: "/estimates/\(quoteID)/templates/\(templateID)"))

        let comment = try await session.call(
            "add_quote_comment", ["estimate_id": .string(quoteID), "description": "Signed copy received"],
            expect: .init(
                method: "POST", path: "/estimates/\(quoteID)/comments",
                body: ["text": #""description":"Signed copy received""#]))
        let commentID = try #require(comment["comment"]?["comment_id"]?.stringValue)
        try await session.call(
            "update_quote_comment",
            ["estimate_id": .string(quoteID), "comment_id": .string(commentID), "description": "Countersigned"],
            expect: .init(method: "PUT", path: "/estimates/\(quoteID)/comments/\(commentID)"))
        let comments = try await session.call(
            "list_quote_comments", ["estimate_id": .string(quoteID)],
            expect: .init(method: "GET", path: "/estimates/\(quoteID)/comments"))
        let texts = comments["comments"]?.arrayValue?.compactMap { $0["description"]?.stringValue } ?? []
        #expect(texts.first == "Countersigned")
        #expect(texts.contains("Quote marked as accepted"))
        try await session.call(
            "delete_quote_comment", ["estimate_id": .string(quoteID), "comment_id": .string(commentID)],
            expect: .init(method: "DELETE", path: "/estimates/\(quoteID)/comments/\(commentID)"))
        try await session.call(
            "delete_quote", ["estimate_id": .string(secondID)],
            expect: .init(method: "DELETE", path: "/estimates/\(secondID)"))
        let left = try await session.call(
            "list_quotes", ["status": "declined"],
            expect: .init(method: "GET", path: "/estimates", query: ["filter_by": "Status.Declined"]))
        #expect(left["estimates"]?.arrayValue?.contains { $0["estimate_id"] == .string(secondID) } == false)
        try environment.assertNoSecrets(in: [session.server.stdoutText, session.server.stderrText])
    }
}
