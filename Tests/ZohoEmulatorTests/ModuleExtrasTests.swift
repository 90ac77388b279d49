import Foundation
import Testing
import ZohoEmulator

/// The cards, bank accounts, CRM lookup, invoice extras and subscription extras the emulator serves.
@Suite struct ModuleExtrasTests {
    /// Northwind Bistro: the first seeded customer, with the seeded card, bank account and CRM link.
    static let northwind = "903000000010011"
    static let northwindCard = "903000500010011"
    static let northwindAccount = "903000600010011"

    @Test("Cards: list, read and delete; another customer's card is not found; a deleted card is gone")
    func cards() async throws {
        let harness = Harness()
        let listed = await harness.call("GET", "/customers/\(Self.northwind)/cards")
        #expect(listed.code == 0)
        #expect(listed.list("cards").map { $0["card_id"] as? String } == [Self.northwindCard])
        #expect(listed.list("cards").first?["last_four_digits"] as? String == "4242")
        #expect(listed.pageContext["has_more_page"] as? Bool == false)

        let card = await harness.call("GET", "/customers/\(Self.northwind)/cards/\(Self.northwindCard)")
        #expect(card.object("card")["payment_gateway"] as? String == "stripe")
        #expect(card.object("card")["city"] as? String == "San Mateo")

        let other = await harness.customerID(named: "Cedar")
        let foreign = await harness.call("GET", "/customers/\(other)/cards/\(Self.northwindCard)")
        #expect(foreign.status == 404)
        #expect(foreign.message == "Card does not exist.")
        #expect(await harness.call("GET", "/customers/1/cards").status == 404)

        let deleted = await harness.call("DELETE", "/customers/\(Self.northwind)/cards/\(Self.northwindCard)")
        #expect(deleted.code == 0)
        #expect(deleted.message == "The credit card has been deleted.")
        #expect(await harness.call("GET", "/customers/\(Self.northwind)/cards").list("cards").isEmpty)
        let again = await harness.call("DELETE", "/customers/\(Self.northwind)/cards/\(Self.northwindCard)")
        #expect(again.status == 404)
    }

    @Test("A bank account is read as Zoho's one-element bank_accounts list; unknown ids are 404")
    func bankAccount() async throws {
        let harness = Harness()
        let reply = await harness.call("GET", "/customers/\(Self.northwind)/bankaccounts/\(Self.northwindAccount)")
        #expect(reply.code == 0)
        let accounts = reply.list("bank_accounts")
        #expect(accounts.count == 1)
        #expect(accounts.first?["customer_name"] as? String == "Northwind Bistro")
        #expect(accounts.first?["status"] as? String == "active")
        #expect(await harness.call("GET", "/customers/\(Self.northwind)/bankaccounts/42").status == 404)
    }

    @Test("A customer is found by its Zoho CRM account or contact id")
    func crmReference() async throws {
        let harness = Harness()
        let byAccount = await harness.call("GET", "/customers/reference/5725767000000412001")
        #expect(byAccount.object("customer")["customer_id"] as? String == Self.northwind)
        let byContact = await harness.call(
            "GET", "/customers/reference/5725767000000412011", query: [("reference_id_type", "zcrm_contact_id")])
        #expect(byContact.object("customer")["display_name"] as? String == "Northwind Bistro")
        let wrongType = await harness.call(
            "GET", "/customers/reference/5725767000000412001", query: [("reference_id_type", "zcrm_contact_id")])
        #expect(wrongType.status == 404)
        let badType = await harness.call(
            "GET", "/customers/reference/5725767000000412001", query: [("reference_id_type", "email")])
        #expect(badType.status == 400)
        #expect(badType.code == ZohoErrorCode.invalidValue)
        let crm = await harness.call("GET", "/customers", query: [("filter_by", "Status.Crm")])
        #expect(crm.list("customers").map { $0["customer_id"] as? String } == [Self.northwind])
    }

    @Test("Invoice address and custom fields change what get_invoice returns")
    func invoiceAddressAndCustomFields() async throws {
        let harness = Harness()
        let draft = await harness.invoice(status: "draft")
        let id = try #require(draft["invoice_id"] as? String)
        let address = await harness.call(
            "PUT", "/invoices/\(id)/address", json: ["billing_address": ["street": "1 Harbour Way", "zip": "94607"]])
        #expect(address.code == 0)
        #expect(address.object("invoice_address")["billing_address"] as? [String: String] != nil)
        let read = await harness.call("GET", "/invoices/\(id)").object("invoice")
        let billing = try #require(read["billing_address"] as? [String: Any])
        #expect(billing["street"] as? String == "1 Harbour Way")
        #expect(billing["city"] as? String == "Oakland", "fields not sent are kept")
        #expect(await harness.call("PUT", "/invoices/\(id)/address", json: [:]).code == ZohoErrorCode.missingValue)

        let byLabel = await harness.call(
            "POST", "/invoices/\(id)/customfields",
            json: ["custom_fields": [["label": "PO approver", "value": "Maya"]]])
        #expect(byLabel.code == 0)
        let fieldID = try #require(byLabel.list("custom_fields").first?["customfield_id"] as? String)
        let byID = await harness.call(
            "PUT", "/invoice/\(id)/customfields",
            json: ["custom_fields": [["customfield_id": fieldID, "value": "Jonas"]]])
        #expect(byID.code == 0)
        let fields = await harness.call("GET", "/invoices/\(id)").object("invoice")["custom_fields"] as? [[String: Any]]
        #expect(fields?.count == 1)
        #expect(fields?.first?["value"] as? String == "Jonas")
        #expect(fields?.first?["label"] as? String == "PO approver")

        let unknown = await harness.call(
            "POST", "/invoices/\(id)/customfields", json: ["custom_fields": [["label": "Nope", "value": "x"]]])
        #expect(unknown.status == 400)
        #expect(unknown.message.contains("custom_fields[0].label"))
        #expect(await harness.call("POST", "/invoices/1/customfields", json: ["custom_fields": []]).status == 404)
        // The plural spelling has no PUT: Zoho's by-id update lives under the singular /invoice/.
        #expect(await harness.call("PUT", "/invoices/\(id)/customfields", json: [:]).status == 405)
    }

    @Test("Lines can be added to and removed from a draft invoice, and the totals follow; open invoices refuse")
    func invoiceLineItems() async throws {
        let harness = Harness()
        let draft = await harness.invoice(status: "draft")
        let id = try #require(draft["invoice_id"] as? String)
        let total = try #require(draft["total"] as? Int)
        let added = await harness.call(
            "POST", "/invoices/\(id)/lineitems",
            json: ["invoice_items": [["name": "API calls over quota", "price": 15, "quantity": 2]]])
        #expect(added.code == 0)
        let items = try #require(added.object("invoice")["invoice_items"] as? [[String: Any]])
        #expect(items.count == 2)
        #expect(added.object("invoice")["total"] as? Int == total + 30)
        let newItem = try #require(items.last?["item_id"] as? String)

        let removed = await harness.call("DELETE", "/invoices/\(id)/lineitems/\(newItem)")
        #expect(removed.code == 0)
        let after = await harness.call("GET", "/invoices/\(id)").object("invoice")
        #expect(after["total"] as? Int == total)
        #expect((after["invoice_items"] as? [Any])?.count == 1)
        #expect(await harness.call("DELETE", "/invoices/\(id)/lineitems/\(newItem)").status == 404)
        // Removing the last line leaves an empty draft, not a paid invoice.
        let lastItem = try #require((after["invoice_items"] as? [[String: Any]])?.first?["item_id"] as? String)
        #expect(await harness.call("DELETE", "/invoices/\(id)/lineitems/\(lastItem)").code == 0)
        let empty = await harness.call("GET", "/invoices/\(id)").object("invoice")
        #expect(empty["status"] as? String == "draft")
        #expect(empty["total"] as? Int == 0)

        let open = await harness.invoice(status: "sent")
        let openID = try #require(open["invoice_id"] as? String)
        let refused = await harness.call(
            "POST", "/invoices/\(openID)/lineitems", json: ["invoice_items": [["name": "Usage", "price": 1]]])
        #expect(refused.code == ZohoErrorCode.invalidState)
    }

    @Test("Collect charges the chosen card, refuses a card of another customer and both methods at once")
    func collectWithCard() async throws {
        let harness = Harness()
        let sent = "903000000010024"
        #expect(
            await harness.call("GET", "/invoices/\(sent)").object("invoice")["customer_id"] as? String == Self.northwind
        )
        let both = await harness.call(
            "POST", "/invoices/\(sent)/collect",
            json: ["card_id": Self.northwindCard, "account_id": Self.northwindAccount])
        #expect(both.status == 400)
        #expect(both.message.contains("not both"))
        let foreign = await harness.call("POST", "/invoices/\(sent)/collect", json: ["card_id": "903000500010014"])
        #expect(foreign.status == 400)
        #expect(foreign.message.contains("card_id"))
        let paid = await harness.call("POST", "/invoices/\(sent)/collect", json: ["card_id": Self.northwindCard])
        #expect(paid.code == 0)
        let transaction = paid.object("payment")["autotransaction"] as? [String: Any]
        #expect(transaction?["card_id"] as? String == Self.northwindCard)
        let paymentID = try #require(paid.object("payment")["payment_id"] as? String)
        let stored = await harness.call("GET", "/payments/\(paymentID)").object("payment")
        #expect((stored["autotransaction"] as? [String: Any])?["last_four_digits"] as? String == "4242")
        #expect(await harness.call("GET", "/invoices/\(sent)").object("invoice")["status"] as? String == "paid")
    }

    @Test("Subscription card: set one of the customer's cards, refuse another's, remove it and go offline")
    func subscriptionCard() async throws {
        let harness = Harness()
        let id = "903000000010020"
        let set = await harness.call(
            "POST", "/subscriptions/\(id)/card", json: ["card_id": Self.northwindCard, "auto_collect": true])
        #expect(set.code == 0)
        #expect((set.object("subscription")["card"] as? [String: Any])?["card_id"] as? String == Self.northwindCard)
        #expect(set.object("subscription")["auto_collect"] as? Bool == true)
        let foreign = await harness.call("POST", "/subscriptions/\(id)/card", json: ["card_id": "903000500010014"])
        #expect(foreign.status == 400)
        #expect(await harness.call("POST", "/subscriptions/\(id)/card", json: [:]).code == ZohoErrorCode.missingValue)

        let removed = await harness.call("DELETE", "/subscriptions/\(id)/card")
        #expect(removed.code == 0)
        let read = await harness.call("GET", "/subscriptions/\(id)").object("subscription")
        #expect(read["card"] == nil)
        #expect(read["auto_collect"] as? Bool == false)
        #expect(await harness.call("DELETE", "/subscriptions/\(id)/card").code == ZohoErrorCode.invalidState)
    }

    @Test("Deleting a card detaches it from the subscriptions that charged it")
    func deletingCardDetachesIt() async throws {
        let harness = Harness()
        let id = "903000000010020"
        _ = await harness.call("POST", "/subscriptions/\(id)/card", json: ["card_id": Self.northwindCard])
        _ = await harness.call("DELETE", "/customers/\(Self.northwind)/cards/\(Self.northwindCard)")
        #expect(await harness.call("GET", "/subscriptions/\(id)").object("subscription")["card"] == nil)
    }

    @Test("Subscription contact persons, line text, reference, salesperson and custom fields are stored")
    func subscriptionMinorUpdates() async throws {
        let harness = Harness()
        let id = "903000000010020"
        let people = await harness.call(
            "POST", "/subscriptions/\(id)/contactpersons",
            json: [
                "contactpersons": [["contactperson_id": "903000000010012"], ["contactperson_id": "903000000010012"]]
            ])
        #expect(people.code == 0)
        #expect((people.object("subscription")["contactpersons"] as? [Any])?.count == 1)
        let stranger = await harness.call(
            "POST", "/subscriptions/\(id)/contactpersons", json: ["contactpersons": [["contactperson_id": "42"]]])
        #expect(stranger.status == 400)

        let line = await harness.call(
            "POST", "/subscriptions/\(id)/lineitems/basic-monthly", json: ["description": "Basic plan, 5 seats"])
        #expect(line.code == 0)
        #expect(
            await harness.call("POST", "/subscriptions/\(id)/lineitems/nope", json: ["description": "x"]).status == 404)
        #expect(await harness.call("POST", "/subscriptions/\(id)/lineitems/basic-monthly", json: [:]).status == 400)

        #expect(
            await harness.call("POST", "/subscriptions/\(id)/reference", json: ["reference_id": "PO-7781"]).code == 0)
        let salesperson = await harness.call(
            "POST", "/subscriptions/\(id)/salesperson", json: ["salesperson_name": "Franklin"])
        #expect(salesperson.object("subscription")["salesperson_name"] as? String == "Franklin")
        let custom = await harness.call(
            "POST", "/subscriptions/\(id)/customfields",
            json: ["custom_fields": [["label": "Region", "value": "West"]]])
        #expect(custom.code == 0)

        let read = await harness.call("GET", "/subscriptions/\(id)").object("subscription")
        #expect((read["plan"] as? [String: Any])?["plan_description"] as? String == "Basic plan, 5 seats")
        #expect(read["reference_id"] as? String == "PO-7781")
        #expect((read["custom_fields"] as? [[String: Any]])?.first?["value"] as? String == "West")
        let found = await harness.call("GET", "/subscriptions", query: [("reference_contains", "7781")])
        #expect(found.list("subscriptions").map { $0["subscription_id"] as? String } == [id])
    }

    @Test("Notes: the seeded note, add one, delete both; an unknown note is 404")
    func subscriptionNotes() async throws {
        let harness = Harness()
        let id = "903000000010020"
        let seeded =
            await harness.call("GET", "/subscriptions/\(id)").object("subscription")["notes"] as? [[String: Any]]
        #expect(seeded?.map { $0["note_id"] as? String } == ["903000800010020"])
        let added = await harness.call("POST", "/subscriptions/\(id)/notes", json: ["description": "Call in May"])
        #expect(added.message == "Notes added.")
        let noteID = try #require(added.object("note")["note_id"] as? String)
        #expect(await harness.call("POST", "/subscriptions/\(id)/notes", json: [:]).code == ZohoErrorCode.missingValue)
        #expect(await harness.call("DELETE", "/subscriptions/\(id)/notes/\(noteID)").code == 0)
        #expect(await harness.call("DELETE", "/subscriptions/\(id)/notes/903000800010020").code == 0)
        #expect(await harness.call("DELETE", "/subscriptions/\(id)/notes/\(noteID)").status == 404)
        let left = await harness.call("GET", "/subscriptions/\(id)").object("subscription")["notes"] as? [Any]
        #expect(left?.isEmpty == true)
    }
}
