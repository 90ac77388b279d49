import Foundation
import Testing
import ZohoEmulator

@Suite("Subscriptions")
struct SubscriptionTests {
    @Test("Creating on a plan without trial makes it live and raises an invoice")
    func createLive() async throws {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let reply = await harness.call(
            "POST", "/subscriptions",
            json: [
                "customer_id": customer, "plan": ["plan_code": "basic-monthly", "quantity": 3],
                "addons": [["addon_code": "extra-seat", "quantity": 2]], "reference_id": "ref-1",
            ])
        #expect(reply.status == 201)
        let subscription = reply.object("subscription")
        #expect(subscription["status"] as? String == "live")
        #expect(subscription["amount"] as? Int == 112)
        #expect(subscription["current_term_starts_at"] as? String == "2025-06-15")
        #expect(subscription["next_billing_at"] as? String == "2025-07-15")
        #expect(subscription["reference_id"] as? String == "ref-1")
        #expect((subscription["customer"] as? [String: Any])?["customer_id"] as? String == customer)
        let invoiceID = try #require(subscription["child_invoice_id"] as? String)
        let invoice = await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")
        #expect(invoice["total"] as? Int == 112)
        #expect(invoice["status"] as? String == "sent")
        let id = subscription["subscription_id"] as? String ?? ""
        let activities = await harness.call("GET", "/subscriptions/\(id)/recentactivities")
        #expect(activities.list("activities").count == 2)
    }

    @Test("A plan with trial days starts a trial without an invoice; an inline customer is created")
    func createTrialWithInlineCustomer() async throws {
        let harness = Harness()
        let reply = await harness.call(
            "POST", "/subscriptions",
            json: [
                "customer": ["display_name": "Inline Co", "email": "inline@example.com"],
                "plan": ["plan_code": "pro-monthly"], "coupon_code": "WELCOME10",
            ])
        #expect(reply.status == 201)
        let subscription = reply.object("subscription")
        #expect(subscription["status"] as? String == "trial")
        #expect(subscription["trial_ends_at"] as? String == "2025-06-29")
        #expect(subscription["child_invoice_id"] == nil)
        #expect(reply.text.contains(#""amount":89.1,"#))
        let customerID = try #require((subscription["customer"] as? [String: Any])?["customer_id"] as? String)
        #expect(await harness.call("GET", "/customers/\(customerID)").status == 200)
    }

    @Test("Creating validates the plan and the customer")
    func validation() async {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let noPlan = await harness.call("POST", "/subscriptions", json: ["customer_id": customer])
        #expect(noPlan.status == 400)
        #expect(noPlan.message.contains("plan.plan_code"))
        let unknownPlan = await harness.call(
            "POST", "/subscriptions", json: ["customer_id": customer, "plan": ["plan_code": "gold"]])
        #expect(unknownPlan.status == 400)
        #expect(unknownPlan.code == 1002)
        let inactivePlan = await harness.call(
            "POST", "/subscriptions", json: ["customer_id": customer, "plan": ["plan_code": "starter-legacy"]])
        #expect(inactivePlan.code == ZohoErrorCode.invalidValue)
        let noCustomer = await harness.call("POST", "/subscriptions", json: ["plan": ["plan_code": "basic-monthly"]])
        #expect(noCustomer.message.contains("customer_id"))
        let customers = await harness.call("GET", "/customers")
        #expect(customers.list("customers").count == 5)
    }

    @Test(
        "filter_by maps SubscriptionStatus values",
        arguments: [
            ("SubscriptionStatus.All", 4), ("SubscriptionStatus.LIVE", 1), ("SubscriptionStatus.TRIAL", 1),
            ("SubscriptionStatus.NON_RENEWING", 1), ("SubscriptionStatus.CANCELLED", 1),
            ("SubscriptionStatus.ACTIVE", 3), ("SubscriptionStatus.CANCELLED_LAST_MONTH", 1),
            ("SubscriptionStatus.CANCELLED_THIS_MONTH", 0), ("SubscriptionStatus.EXPIRED", 0),
            ("SubscriptionMode.OFFLINE", 4),
        ])
    func filters(filter: String, expected: Int) async {
        let harness = Harness()
        let reply = await harness.call("GET", "/subscriptions", query: [("filter_by", filter)])
        #expect(reply.status == 200)
        #expect(reply.list("subscriptions").count == expected)
        #expect(reply.pageContext["applied_filter"] as? String == filter)
    }

    @Test("cancel_at_end=true makes it non_renewing, false cancels; repeating is HTTP 200 with a non-zero code")
    func cancelAndReactivate() async throws {
        let harness = Harness()
        let live = await harness.subscription(status: "live")
        let id = try #require(live["subscription_id"] as? String)
        let atEnd = await harness.call("POST", "/subscriptions/\(id)/cancel", query: [("cancel_at_end", "true")])
        #expect(atEnd.object("subscription")["status"] as? String == "non_renewing")
        let now = await harness.call("POST", "/subscriptions/\(id)/cancel", query: [("cancel_at_end", "false")])
        #expect(now.object("subscription")["status"] as? String == "cancelled")
        #expect(now.object("subscription")["cancelled_at"] as? String == "2025-06-15")
        let twice = await harness.call("POST", "/subscriptions/\(id)/cancel", query: [("cancel_at_end", "false")])
        #expect(twice.status == 200)
        #expect(twice.code == ZohoErrorCode.invalidState)

        let reactivated = await harness.call("POST", "/subscriptions/\(id)/reactivate")
        #expect(reactivated.object("subscription")["status"] as? String == "live")
        #expect(reactivated.object("subscription")["next_billing_at"] as? String == "2025-07-15")
        let again = await harness.call("POST", "/subscriptions/\(id)/reactivate")
        #expect(again.status == 200)
        #expect(again.code == ZohoErrorCode.invalidState)
    }

    @Test("Postpone, charge, one-time addon, auto-collect and coupons")
    func actions() async throws {
        let harness = Harness()
        let live = await harness.subscription(status: "live")
        let id = try #require(live["subscription_id"] as? String)

        let postponed = await harness.call("POST", "/subscriptions/\(id)/postpone", json: ["renewal_at": "2025-08-01"])
        #expect(postponed.object("subscription")["next_billing_at"] as? String == "2025-08-01")
        let past = await harness.call("POST", "/subscriptions/\(id)/postpone", json: ["renewal_at": "2025-01-01"])
        #expect(past.status == 400)

        let charge = await harness.post(
            "/subscriptions/\(id)/charge", rawJSON: #"{"amount": 19.99, "description": "Extra usage"}"#)
        #expect(charge.code == 0)
        #expect(charge.text.contains(#""total":19.99"#))
        let noAmount = await harness.call("POST", "/subscriptions/\(id)/charge", json: [:])
        #expect(noAmount.status == 400)

        let addon = await harness.call(
            "POST", "/subscriptions/\(id)/buyonetimeaddon", json: ["addons": [["addon_code": "onboarding"]]])
        #expect(addon.object("invoice")["total"] as? Int == 149)
        let unknownAddon = await harness.call(
            "POST", "/subscriptions/\(id)/buyonetimeaddon", json: ["addons": [["addon_code": "nope"]]])
        #expect(unknownAddon.status == 400)

        let offline = await harness.call("POST", "/subscriptions/\(id)/autocollect", json: ["auto_collect": true])
        #expect(offline.object("subscription")["auto_collect"] as? Bool == true)

        let coupon = await harness.call("POST", "/subscriptions/\(id)/coupons/FLAT20")
        #expect(coupon.message == "The coupon has been added to the subscription.")
        #expect(await harness.call("GET", "/subscriptions/\(id)").object("subscription")["amount"] as? Int == 9)
        #expect(await harness.call("POST", "/subscriptions/\(id)/coupons/NOPE").status == 404)
        #expect(
            await harness.call("POST", "/subscriptions/\(id)/coupons/SPRING-EXPIRED").code == ZohoErrorCode.invalidState
        )
        #expect(await harness.call("DELETE", "/subscriptions/\(id)/coupons").code == 0)
        #expect(await harness.call("DELETE", "/subscriptions/\(id)/coupons").code == ZohoErrorCode.invalidState)
        #expect(await harness.call("GET", "/subscriptions/\(id)").object("subscription")["amount"] as? Int == 29)

        let invoices = await harness.call("GET", "/invoices", query: [("subscription_id", id)])
        #expect(invoices.list("invoices").count == 4)
    }

    @Test("A plan change at end of term is scheduled; an immediate one applies now")
    func updates() async throws {
        let harness = Harness()
        let live = await harness.subscription(status: "live")
        let id = try #require(live["subscription_id"] as? String)
        let none = await harness.call("GET", "/subscriptions/\(id)/scheduledchanges")
        #expect(none.code == 0)
        #expect(none.json["subscription"] == nil)

        let scheduled = await harness.call(
            "PUT", "/subscriptions/\(id)", json: ["plan": ["plan_code": "pro-monthly"], "end_of_term": true])
        #expect(scheduled.object("subscription")["plan_code"] as? String == "basic-monthly")
        let changes = await harness.call("GET", "/subscriptions/\(id)/scheduledchanges")
        #expect(changes.object("subscription")["plan_code"] as? String == "pro-monthly")
        #expect(changes.object("subscription")["amount"] as? Int == 99)

        let immediate = await harness.call(
            "PUT", "/subscriptions/\(id)", json: ["plan": ["plan_code": "pro-annual"], "reference_id": "upgrade"])
        #expect(immediate.object("subscription")["plan_code"] as? String == "pro-annual")
        #expect(immediate.object("subscription")["interval_unit"] as? String == "years")
        #expect(immediate.object("subscription")["amount"] as? Int == 990)

        let deleted = await harness.call("DELETE", "/subscriptions/\(id)")
        #expect(deleted.message == "The subscription has been deleted.")
        let missing = await harness.call("GET", "/subscriptions/\(id)")
        #expect(missing.status == 404)
        #expect(missing.message == "Subscription does not exist.")
    }

    @Test("Cancelling a trial at the end of term makes it non_renewing; reactivating restores the trial")
    func trialCancelAtEnd() async throws {
        let harness = Harness()
        let trial = await harness.subscription(status: "trial")
        let id = try #require(trial["subscription_id"] as? String)
        let cancelled = await harness.call("POST", "/subscriptions/\(id)/cancel", query: [("cancel_at_end", "true")])
        #expect(cancelled.object("subscription")["status"] as? String == "non_renewing")
        #expect(cancelled.object("subscription")["_status_before_cancel"] == nil)
        let reactivated = await harness.call("POST", "/subscriptions/\(id)/reactivate")
        #expect(reactivated.object("subscription")["status"] as? String == "trial")
    }
}
