import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoFakeServer

// Serialized: each test starts several server processes, and the machines this runs on have two cores.
/// Destructive tools through the built binary against the loopback Zoho: the preview, the token, the question.
@Suite(.serialized) struct ConfirmationTests {
    @Test("A destructive call returns a preview read from Zoho and sends nothing; the token executes it once")
    func previewThenToken() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let ids = try await SafetyTestSupport.voidableInvoiceIDs(server, count: 3, id: 1)
        let invoice = try await server.callTool("get_invoice", ["invoice_id": .string(ids[0])], id: 2)
        let number = try #require(invoice["structuredContent"]?["invoice"]?["invoice_number"]?.stringValue)
        let customer = try #require(invoice["structuredContent"]?["invoice"]?["customer_name"]?.stringValue)

        let preview = try await server.callTool("void_invoice", ["invoice_id": .string(ids[0])], id: 3)
        #expect(preview["isError"] == false)
        let structured = try #require(preview["structuredContent"])
        #expect(structured["status"] == "confirmation_required")
        #expect(structured["record"]?["invoice"] == .string(number))
        #expect(structured["record"]?["customer"] == .string(customer))
        #expect(structured["record"]?["total"] != nil && structured["record"]?["balance"] != nil)
        #expect(structured["checked"] == .string("GET /invoices/\(ids[0])"))
        #expect(structured["sends_email"] == false)
        #expect(preview.toolText.contains("Nothing has been sent to Zoho yet"))
        #expect(SafetyTestSupport.executionID(preview) != nil)
        let token = try #require(structured["confirmation_token"]?.stringValue)
        #expect(SafetyTestSupport.changes(environment).isEmpty, "a preview changes nothing")

        let done = try await server.callTool(
            "void_invoice", ["invoice_id": .string(ids[0]), "confirmation_token": .string(token)], id: 4)
        #expect(done["isError"] == false, "\(done.toolText)")
        #expect(SafetyTestSupport.changes(environment) == ["POST /billing/v1/invoices/\(ids[0])/void"])

        let reused = try await server.callTool(
            "void_invoice", ["invoice_id": .string(ids[0]), "confirmation_token": .string(token)], id: 5)
        #expect(reused["isError"] == true)
        #expect(reused.toolText.contains("already used"))

        // A token confirms only the previewed arguments; a mismatch does not use it up.
        let second = try await server.callTool("void_invoice", ["invoice_id": .string(ids[1])], id: 6)
        let secondToken = try #require(second["structuredContent"]?["confirmation_token"]?.stringValue)
        let moved = try await server.callTool(
            "void_invoice", ["invoice_id": .string(ids[2]), "confirmation_token": .string(secondToken)], id: 7)
        #expect(moved["isError"] == true)
        #expect(moved.toolText.contains("different arguments"))
        let otherTool = try await server.callTool(
            "delete_invoice", ["invoice_id": .string(ids[1]), "confirmation_token": .string(secondToken)], id: 8)
        #expect(otherTool["isError"] == true)
        #expect(otherTool.toolText.contains("issued for void_invoice"))
        let made = try await server.callTool(
            "void_invoice", ["invoice_id": .string(ids[1]), "confirmation_token": "zc_0000"], id: 9)
        #expect(made.toolText.contains("not one this server issued"))
        #expect(SafetyTestSupport.changes(environment).count == 1, "refused tokens send nothing")

        // The token also works from another process (a preview in one `call`, the go-ahead in the next) ...
        let confirmed = try await SafetyTestSupport.run(
            [
                "call", "void_invoice", "--arguments",
                #"{"invoice_id":"\#(ids[1])","confirmation_token":"\#(secondToken)"}"#,
            ], environment: environment.environment())
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(SafetyTestSupport.changes(environment).last == "POST /billing/v1/invoices/\(ids[1])/void")

        // ... and expires after five minutes: a process whose clock runs five minutes ahead sees it expired.
        let third = try await server.callTool("void_invoice", ["invoice_id": .string(ids[2])], id: 10)
        let thirdToken = try #require(third["structuredContent"]?["confirmation_token"]?.stringValue)
        let late = try await SafetyTestSupport.run(
            [
                "call", "void_invoice", "--arguments",
                #"{"invoice_id":"\#(ids[2])","confirmation_token":"\#(thirdToken)"}"#,
            ], environment: environment.environment(extra: ["ZOHO_MCP_TEST_CLOCK_OFFSET": "301"]))
        #expect(late.status != 0)
        #expect(late.stderr.contains("expired"))
        #expect(SafetyTestSupport.changes(environment).count == 2)

        let outcomes = try SafetyTestSupport.auditLines(environment).filter { $0["tool"] == "void_invoice" }
            .compactMap { $0["outcome"]?.stringValue }
        #expect(
            outcomes == [
                "preview", "confirmed", "refused", "preview", "refused", "refused", "confirmed", "preview", "refused",
            ])
    }

    @Test("Every destructive tool, called without a token, sends nothing that changes data")
    func noDestructiveToolRunsUnconfirmed() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let invoiceID = try await SafetyTestSupport.voidableInvoiceIDs(server, count: 1, id: 1)[0]
        let customers = try await server.callTool("list_customers", id: 2)
        let customerID = try #require(
            customers["structuredContent"]?["customers"]?.arrayValue?.first?["customer_id"]?.stringValue)
        let subscriptions = try await server.callTool("list_subscriptions", id: 3)
        let subscriptionID = try #require(
            subscriptions["structuredContent"]?["subscriptions"]?.arrayValue?.first?["subscription_id"]?.stringValue)
        let payments = try await server.callTool("list_payments", id: 4)
        let paymentID = try #require(
            payments["structuredContent"]?["payments"]?.arrayValue?.first?["payment_id"]?.stringValue)
        let subscription = try await server.callTool(
            "get_subscription", ["subscription_id": .string(subscriptionID)], id: 6)
        let unbilledChargeID = subscription["structuredContent"]?["subscription"]?["unbilled_charge_id"] ?? "1"
        let items = try await server.callTool("list_items", id: 8)
        let itemID = try #require(
            items["structuredContent"]?["items"]?.arrayValue?.first?["item_id"]?.stringValue)
        let products = try await server.callTool("list_products", id: 7)
        let productID = try #require(
            products["structuredContent"]?["products"]?.arrayValue?.first?["product_id"]?.stringValue)
        let cards = try await server.callTool("list_customer_cards", ["customer_id": .string(customerID)], id: 11)
        let cardID = try #require(cards["structuredContent"]?["cards"]?.arrayValue?.first?["card_id"])
        let notes = try await server.callTool("list_credit_notes", id: 9)
        let noteID = try #require(
            notes["structuredContent"]?["creditnotes"]?.arrayValue?.first?["creditnote_id"]?.stringValue)
        let quotes = try await server.callTool("list_quotes", id: 10)
        let quoteID = try #require(
            quotes["structuredContent"]?["estimates"]?.arrayValue?.first?["estimate_id"]?.stringValue)
        let ids: [String: JSONValue] = [
            "invoice_id": .string(invoiceID), "customer_id": .string(customerID),
            "subscription_id": .string(subscriptionID), "payment_id": .string(paymentID),
            "contactperson_id": "1", "card_id": cardID, "note_id": "1", "unbilled_charge_id": unbilledChargeID,
            "item_id": .string(itemID), "product_id": .string(productID),
            "plan_code": "basic-monthly", "addon_code": "extra-seat", "coupon_code": "FLAT20",
            "creditnote_id": .string(noteID), "estimate_id": .string(quoteID),
            "estimate_ids": .string(quoteID), "comment_id": "1",
        ]
        let list = try await server.request("tools/list", id: 5)
        let destructive = (list["result"]?["tools"]?.arrayValue ?? []).filter {
            // destructiveHint is left out where it has MCP's default, true.
            $0["annotations"]?["readOnlyHint"] != true && $0["annotations"]?["destructiveHint"] != false
        }
        #expect(destructive.count >= 10)
        var previews = 0
        for (index, tool) in destructive.enumerated() {
            let name = try #require(tool["name"]?.stringValue)
            let arguments = Self.arguments(for: tool["inputSchema"] ?? [:], ids: ids)
            let result = try await server.callTool(name, arguments, id: 10 + index)
            let text = result.toolText
            #expect(!text.contains("Invalid arguments"), "\(name): \(text)")
            if result["structuredContent"]?["status"] == "confirmation_required" {
                previews += 1
                #expect(text.contains("needs confirmation"), "\(name)")
                // Every destructive tool of the schemas reads its record first (a new subscription reads its
                // customer), except a mail to several quotes named in one list.
                let unread: Set = ["email_quotes"]
                let checked = result["structuredContent"]?["checked"]?.stringValue ?? ""
                #expect(checked.hasPrefix("GET /") == !unread.contains(name), "\(name): \(checked)")
                if name == "cancel_subscription" {
                    #expect(text.contains("at the end of its current term"), "cancel_at_end true: \(text)")
                }
                if name == "email_invoice" { #expect(text.contains("Email to: ada@example.com")) }
            } else {
                // Only a record the preview could not read may stop it (the made-up contact person).
                #expect(text.contains("Zoho answered HTTP 404"), "\(name): \(text)")
            }
        }
        #expect(previews >= destructive.count - 1)
        #expect(SafetyTestSupport.changes(environment).isEmpty)
    }

    /// Arguments that satisfy the schema's required properties, with real ids where there are some.
    static func arguments(for schema: JSONValue, ids: [String: JSONValue]) -> JSONValue {
        var result: [String: JSONValue] = [:]
        let properties = schema["properties"]?.objectValue ?? [:]
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            if let id = ids[name] {
                result[name] = id
                continue
            }
            let property = properties[name] ?? [:]
            switch property["type"]?.stringValue ?? "" {
            case "number", "integer": result[name] = 5
            case "boolean": result[name] = true
            case "array":
                result[name] =
                    name.hasSuffix("mail_ids")
                    ? ["ada@example.com"] : [Self.arguments(for: property["items"] ?? [:], ids: ids)]
            case "object": result[name] = Self.arguments(for: property, ids: ids)
            default: result[name] = name.hasSuffix("_code") ? "BASIC" : "Checked by the safety tests"
            }
        }
        return .object(result)
    }

    @Test("Legacy era: with form elicitation the server asks, and only an accept runs the tool")
    func legacyElicitation() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        try await SafetyTestSupport.initializeWithElicitation(server)
        let ids = try await SafetyTestSupport.voidableInvoiceIDs(server, count: 3, id: 1)
        for (index, (answer, runs)) in [
            (#"{"action":"decline"}"#, false), (#"{"action":"cancel"}"#, false),
            (#"{"action":"accept","content":{"confirm":true}}"#, true),
        ].enumerated() {
            let id = 10 + index
            server.send(
                #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"void_invoice","arguments":{"invoice_id":"\#(ids[index])"}}}"#
            )
            let question = try await server.nextMessage()
            #expect(question["method"] == "elicitation/create")
            let message = question["params"]?["message"]?.stringValue ?? ""
            #expect(message.contains("POST /invoices/\(ids[index])/void"))
            #expect(message.contains("As Zoho has it now"))
            let questionID = try #require(question["id"])
            server.send(#"{"jsonrpc":"2.0","id":\#(questionID.serialized()),"result":\#(answer)}"#)
            let answered = try await server.nextMessage()
            #expect(answered["id"] == .int(id))
            let text = answered["result"]?.toolText ?? ""
            if runs {
                #expect(answered["result"]?["isError"] == false)
                #expect(SafetyTestSupport.changes(environment) == ["POST /billing/v1/invoices/\(ids[index])/void"])
            } else {
                #expect(text.contains(index == 0 ? "declined" : "cancelled"))
                #expect(text.contains("nothing was sent to Zoho"))
                #expect(SafetyTestSupport.changes(environment).isEmpty)
            }
        }
        let outcomes = try SafetyTestSupport.auditLines(environment).filter { $0["tool"] == "void_invoice" }
            .compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes == ["declined", "declined", "confirmed"])
        #expect(try SafetyTestSupport.auditLines(environment).last?["client"] == "elicit-tests")
    }

    @Test("Modern era: the question travels as input_required, and the retry with accept runs the tool once")
    func modernElicitation() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        let meta = ProtocolEraTests.envelope(capabilities: ["elicitation": [:]])
        let list = try await server.request(
            "tools/call", params: ProtocolEraTests.modernCall("list_invoices", ["per_page": 200], meta: meta), id: 1)
        let ids =
            list["result"]?["structuredContent"]?["invoices"]?.arrayValue?.filter {
                ["sent", "overdue"].contains($0["status"]?.stringValue ?? "") && $0["balance"] == $0["total"]
            }.compactMap { $0["invoice_id"]?.stringValue } ?? []
        try #require(ids.count >= 2)
        for (index, action) in ["decline", "accept"].enumerated() {
            let call = ProtocolEraTests.modernCall("void_invoice", ["invoice_id": .string(ids[index])], meta: meta)
            let first = try await server.request("tools/call", params: call, id: 10 + index * 2)
            let required = try #require(first["result"])
            #expect(required["resultType"] == "input_required")
            let message = required["inputRequests"]?["confirm"]?["params"]?["message"]?.stringValue ?? ""
            #expect(message.contains("void_invoice"))
            #expect(SafetyTestSupport.changes(environment).isEmpty)
            var retry = call.objectValue ?? [:]
            retry["inputResponses"] = [
                "confirm": action == "accept"
                    ? ["action": "accept", "content": ["confirm": true]] : ["action": "decline"]
            ]
            retry["requestState"] = required["requestState"]
            let done = try await server.request("tools/call", params: .object(retry), id: 11 + index * 2)
            #expect(done["result"]?["resultType"] == "complete")
            if action == "accept" {
                #expect(done["result"]?["isError"] == false)
                #expect(SafetyTestSupport.changes(environment) == ["POST /billing/v1/invoices/\(ids[1])/void"])
            } else {
                #expect(done["result"]?.toolText.contains("declined") == true)
                #expect(SafetyTestSupport.changes(environment).isEmpty)
            }
        }
    }

    @Test("ZOHO_MCP_CONFIRM=off runs destructive tools at once and says so on stderr at start")
    func confirmationOff() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_CONFIRM": "off"]))
        _ = try await server.initialize()
        let id = try await SafetyTestSupport.voidableInvoiceIDs(server, count: 1, id: 1)[0]
        let result = try await server.callTool("void_invoice", ["invoice_id": .string(id)], id: 2)
        #expect(result["isError"] == false)
        #expect(SafetyTestSupport.changes(environment) == ["POST /billing/v1/invoices/\(id)/void"])
        #expect(server.stderrText.contains("confirmation is off"))
        let flag = try await SafetyTestSupport.run(
            ["call", "list_plans", "--confirm", "off"], environment: environment.environment())
        #expect(flag.status == 0)
        let bad = try await SafetyTestSupport.run(
            ["call", "list_plans", "--confirm", "maybe"], environment: environment.environment())
        #expect(bad.status != 0 && bad.stderr.contains("on or off"))
    }
}
