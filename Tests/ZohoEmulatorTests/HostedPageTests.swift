import Foundation
import Testing
import ZohoEmulator

@Suite("Hosted pages")
struct HostedPageTests {
    /// Every page-making call answers 201 with the page under `hostedpage`; returns that object.
    private func page(_ reply: Reply) -> [String: Any] {
        #expect(reply.status == 201, "\(reply.text)")
        #expect(reply.message == "Hosted page has been created successfully.")
        return reply.object("hostedpage")
    }

    @Test("A payment link for an open invoice is a fresh page with a Zoho URL that expires in an hour")
    func paymentLink() async throws {
        let harness = Harness()
        let invoice = await harness.invoice(status: "sent")
        let invoiceID = try #require(invoice["invoice_id"] as? String)
        let created = page(
            await harness.call(
                "POST", "/hostedpages/invoicepayment",
                json: ["invoice_id": invoiceID, "redirect_url": "https://example.com/thanks"]))
        let id = try #require(created["hostedpage_id"] as? String)
        #expect(id.count == 64 && id.allSatisfy(\.isHexDigit))
        #expect(created["url"] as? String == "https://billing.zoho.com/hostedpage/2-\(id)/checkout")
        #expect(created["status"] as? String == "fresh")
        #expect(created["action"] as? String == "invoice_payment")
        #expect(created["created_time"] as? String == "2025-06-15T10:00:00-0700")
        #expect(created["expiring_time"] as? String == "2025-06-15T11:00:00-0700")

        // Read back: Zoho puts the page's fields beside code and message, with no resource key.
        let read = await harness.call("GET", "/hostedpages/\(id)")
        #expect(read.status == 200)
        #expect(read.json["hostedpage_id"] as? String == id)
        #expect(read.json["invoice_id"] as? String == invoiceID)
        #expect(read.json["status"] as? String == "fresh")
        #expect((read.json["data"] as? [String: Any])?.isEmpty == true)
        #expect(read.json["_request"] == nil, "private bookkeeping stays inside")
        #expect(read.text.contains(#""amount":\#(invoice["balance"] ?? "")"#))

        let list = await harness.call("GET", "/hostedpages")
        let first = try #require(list.list("hosted_pages").first)
        #expect(first["hostedpage_id"] as? String == id, "newest first")
        #expect(Set(first.keys) == ["hostedpage_id", "status", "url", "action", "expiring_time", "created_time"])
    }

    @Test("A payment link needs an unpaid invoice")
    func paymentLinkRefusals() async throws {
        let harness = Harness()
        let missing = await harness.call("POST", "/hostedpages/invoicepayment", json: [:])
        #expect(missing.status == 400)
        #expect(missing.message.contains("invoice_id"))
        let unknown = await harness.call("POST", "/hostedpages/invoicepayment", json: ["invoice_id": "1"])
        #expect(unknown.status == 400 && unknown.code == ZohoErrorCode.resourceNotFound)
        let paid = try #require(await harness.invoice(status: "paid")["invoice_id"] as? String)
        let paidReply = await harness.call("POST", "/hostedpages/invoicepayment", json: ["invoice_id": paid])
        #expect(paidReply.code == ZohoErrorCode.invalidState)
        #expect(paidReply.message.contains("already been paid"))
        let draft = try #require(await harness.invoice(status: "draft")["invoice_id"] as? String)
        let draftReply = await harness.call("POST", "/hostedpages/invoicepayment", json: ["invoice_id": draft])
        #expect(draftReply.code == ZohoErrorCode.invalidState)
        #expect(draftReply.message.contains("draft"))
        let open = try #require(await harness.invoice(status: "sent")["invoice_id"] as? String)
        let badRedirect = await harness.call(
            "POST", "/hostedpages/invoicepayment", json: ["invoice_id": open, "redirect_url": "example.com"])
        #expect(badRedirect.code == ZohoErrorCode.invalidValue)
        #expect(badRedirect.message.contains("redirect_url"))
        let pages = await harness.call("GET", "/hostedpages").list("hosted_pages")
        #expect(!pages.contains { $0["status"] as? String == "fresh" }, "refused calls store no page")
    }

    @Test("A new-subscription page checks the customer, plan, add-ons and coupon")
    func newSubscription() async throws {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let created = page(
            await harness.call(
                "POST", "/hostedpages/newsubscription",
                json: [
                    "customer_id": customer, "plan": ["plan_code": "basic-monthly", "quantity": 2],
                    "addons": [["addon_code": "extra-seat"]], "coupon_code": "WELCOME10",
                ]))
        #expect(created["action"] as? String == "new_subscription")
        let read = await harness.call("GET", "/hostedpages/\(created["hostedpage_id"] as? String ?? "")")
        #expect(read.json["customer_id"] as? String == customer)
        #expect(read.json["plan_code"] as? String == "basic-monthly")

        let inline = await harness.call(
            "POST", "/hostedpages/newsubscription",
            json: [
                "customer": ["display_name": "Walk-in Ltd", "email": "ap@walkin.example"],
                "plan": ["plan_code": "pro-annual"],
            ])
        #expect(inline.status == 201)
        let badEmail = await harness.call(
            "POST", "/hostedpages/newsubscription",
            json: ["customer": ["display_name": "Walk-in Ltd", "email": "nope"], "plan": ["plan_code": "pro-annual"]])
        #expect(badEmail.message.contains("customer.email"))
        let noCustomer = await harness.call(
            "POST", "/hostedpages/newsubscription", json: ["plan": ["plan_code": "basic-monthly"]])
        #expect(noCustomer.code == ZohoErrorCode.missingValue)
        let noPlan = await harness.call("POST", "/hostedpages/newsubscription", json: ["customer_id": customer])
        #expect(noPlan.message.contains("plan"))
        let retired = await harness.call(
            "POST", "/hostedpages/newsubscription",
            json: ["customer_id": customer, "plan": ["plan_code": "starter-legacy"]])
        #expect(retired.message.contains("inactive"))
        let badAddon = await harness.call(
            "POST", "/hostedpages/newsubscription",
            json: ["customer_id": customer, "plan": ["plan_code": "basic-monthly"], "addons": [["addon_code": "x"]]])
        #expect(badAddon.message.contains("addons[0].addon_code"))
        let badCoupon = await harness.call(
            "POST", "/hostedpages/newsubscription",
            json: ["customer_id": customer, "plan": ["plan_code": "basic-monthly"], "coupon_code": "NOPE"])
        #expect(badCoupon.message.contains("coupon_code"))
        let unknownCustomer = await harness.call(
            "POST", "/hostedpages/newsubscription", json: ["customer_id": "1", "plan": ["plan_code": "basic-monthly"]])
        #expect(unknownCustomer.code == ZohoErrorCode.resourceNotFound)
    }

    @Test("Subscription pages need a running subscription; each records its action")
    func subscriptionPages() async throws {
        let harness = Harness()
        let live = try #require(await harness.subscription(status: "live")["subscription_id"] as? String)
        let update = page(
            await harness.call(
                "POST", "/hostedpages/updatesubscription",
                json: ["subscription_id": live, "plan": ["plan_code": "pro-monthly"]]))
        #expect(update["action"] as? String == "update_subscription")
        let card = page(await harness.call("POST", "/hostedpages/updatecard", json: ["subscription_id": live]))
        #expect(card["action"] as? String == "update_card")
        let addon = page(
            await harness.call(
                "POST", "/hostedpages/buyonetimeaddon",
                json: ["subscription_id": live, "addons": [["addon_code": "onboarding", "quantity": 1]]]))
        #expect(addon["action"] as? String == "one_time_addon")
        let read = await harness.call("GET", "/hostedpages/\(addon["hostedpage_id"] as? String ?? "")")
        #expect(read.json["subscription_id"] as? String == live)

        let noAddons = await harness.call(
            "POST", "/hostedpages/buyonetimeaddon", json: ["subscription_id": live, "addons": [Any]()])
        #expect(noAddons.code == ZohoErrorCode.missingValue)
        let noPlan = await harness.call("POST", "/hostedpages/updatesubscription", json: ["subscription_id": live])
        #expect(noPlan.code == ZohoErrorCode.missingValue)
        let unknown = await harness.call("POST", "/hostedpages/updatecard", json: ["subscription_id": "1"])
        #expect(unknown.code == ZohoErrorCode.resourceNotFound)
        let cancelled = try #require(
            await harness.subscription(status: "cancelled")["subscription_id"] as? String)
        let ended = await harness.call("POST", "/hostedpages/updatecard", json: ["subscription_id": cancelled])
        #expect(ended.code == ZohoErrorCode.invalidState)
    }

    @Test("Payment-method pages: a known customer to add one, exactly one stored method to edit")
    func paymentMethodPages() async throws {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let add = page(await harness.call("POST", "/hostedpages/addpaymentmethod", json: ["customer_id": customer]))
        #expect(add["action"] as? String == "add_payment_method")
        let unknown = await harness.call("POST", "/hostedpages/addpaymentmethod", json: ["customer_id": "1"])
        #expect(unknown.code == ZohoErrorCode.resourceNotFound)

        let edit = page(
            await harness.call("POST", "/hostedpages/updatepaymentmethod", json: ["card_id": "260400000102"]))
        #expect(edit["action"] as? String == "update_payment_method")
        let read = await harness.call("GET", "/hostedpages/\(edit["hostedpage_id"] as? String ?? "")")
        #expect(read.json["card_id"] as? String == "260400000102")
        let none = await harness.call("POST", "/hostedpages/updatepaymentmethod", json: [:])
        #expect(none.code == ZohoErrorCode.missingValue)
        let two = await harness.call(
            "POST", "/hostedpages/updatepaymentmethod", json: ["card_id": "1", "account_id": "2"])
        #expect(two.code == ZohoErrorCode.invalidValue)
        #expect(two.message.contains("only one"))
    }

    @Test("Seeded pages, unknown ids and the same ids on every run")
    func seedAndDeterminism() async throws {
        let harness = Harness()
        let seeded = await harness.call("GET", "/hostedpages").list("hosted_pages")
        #expect(seeded.map { $0["action"] as? String } == ["invoice_payment", "update_card"])
        #expect(seeded.map { $0["status"] as? String } == ["read", "success"])
        let success = await harness.call("GET", "/hostedpages/\(seeded[1]["hostedpage_id"] as? String ?? "")")
        #expect((success.json["data"] as? [String: Any])?["subscription"] != nil)
        let missing = await harness.call("GET", "/hostedpages/0123abcd")
        #expect(missing.status == 404)
        #expect(missing.message == "Hosted page does not exist.")

        let customer = await harness.customerID(named: "Bluebird")
        let first = page(await harness.call("POST", "/hostedpages/addpaymentmethod", json: ["customer_id": customer]))
        let again = Harness()
        let second = page(await again.call("POST", "/hostedpages/addpaymentmethod", json: ["customer_id": customer]))
        #expect(first["hostedpage_id"] as? String == second["hostedpage_id"] as? String)
    }
}
