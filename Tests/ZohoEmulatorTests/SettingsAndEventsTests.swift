import Foundation
import Testing
import ZohoEmulator

@Suite("Settings and events")
struct SettingsAndEventsTests {
    @Test("Taxes, exemptions and authorities are listed by name with page_context")
    func taxSettings() async throws {
        let harness = Harness()
        let taxes = await harness.call("GET", "/settings/taxes")
        #expect(taxes.status == 200)
        let rows = taxes.list("taxes")
        #expect(
            rows.map { $0["tax_name"] as? String } == [
                "Australia GST", "CA Sales Tax", "Los Angeles Combined", "NY Sales Tax", "UK VAT",
            ])
        #expect(taxes.text.contains(#""tax_percentage":8.875"#), "rates keep their digits")
        let ca = try #require(rows.first { $0["tax_name"] as? String == "CA Sales Tax" })
        #expect(ca["is_default_tax"] as? Bool == true)
        #expect(ca["tax_type"] as? String == "tax")
        #expect(
            rows.first { $0["tax_name"] as? String == "Los Angeles Combined" }?["tax_type"] as? String == "tax_group")
        #expect(taxes.pageContext["has_more_page"] as? Bool == false)
        let paged = await harness.call("GET", "/settings/taxes", query: [("per_page", "2"), ("page", "2")])
        #expect(paged.list("taxes").map { $0["tax_name"] as? String } == ["Los Angeles Combined", "NY Sales Tax"])
        #expect(paged.pageContext["has_more_page"] as? Bool == true)

        let authorities = await harness.call("GET", "/settings/taxauthorities").list("tax_authorities")
        #expect(authorities.count == 4)
        let cdtfa = try #require(authorities.first { $0["tax_authority_name"] as? String == "California CDTFA" })
        #expect(ca["tax_authority_id"] as? String == cdtfa["tax_authority_id"] as? String)

        let exemptions = await harness.call("GET", "/settings/taxexemptions").list("tax_exemptions")
        #expect(exemptions.map { $0["tax_exemption_code"] as? String } == ["EDU", "EXPORT", "NGO", "RESALE"])
        #expect(exemptions.first { $0["tax_exemption_code"] as? String == "EXPORT" }?["type"] as? String == "item")
    }

    @Test("Churn message preferences list the cancellation reasons in order")
    func churnMessages() async throws {
        let harness = Harness()
        let reply = await harness.call("GET", "/settings/preferences/churnmessages")
        let settings = reply.object("churn_messages_settings")
        #expect(settings["is_reason_mandatory"] as? Bool == true)
        let messages = try #require(settings["churn_messages"] as? [[String: Any]])
        #expect(messages.first?["label"] as? String == "Too expensive")
        #expect(messages.map { $0["index"] as? Int } == [0, 1, 2, 3, 4])
        let empty = Harness(configuration: EmulatorConfiguration(seedDemoData: false, now: fixedNow))
        let none = await empty.call("GET", "/settings/preferences/churnmessages").object("churn_messages_settings")
        #expect((none["churn_messages"] as? [Any])?.isEmpty == true)
        #expect(await empty.call("GET", "/settings/taxes").list("taxes").isEmpty)
    }

    @Test("The seeded history has events, newest first, filtered by type and dates")
    func seededEvents() async throws {
        let harness = Harness()
        let all = await harness.call("GET", "/events")
        #expect(all.status == 200)
        let rows = all.list("events")
        let types = Set(rows.compactMap { $0["event_type"] as? String })
        #expect(
            types.isSuperset(of: [
                "invoice_created", "payment_thankyou", "subscription_created", "subscription_cancelled",
                "card_expiring",
            ]))
        let times = rows.compactMap { $0["event_time"] as? String }
        #expect(times == times.sorted(by: >), "newest first")
        #expect(Set(rows.first?.keys.map { $0 } ?? []) == ["event_id", "event_type", "event_time"])

        let payments = await harness.call("GET", "/events", query: [("event_type", "payment_thankyou")])
        #expect(!payments.list("events").isEmpty)
        #expect(payments.list("events").allSatisfy { $0["event_type"] as? String == "payment_thankyou" })
        #expect(payments.pageContext["applied_filter"] as? String == "EventType.payment_thankyou")

        let recent = await harness.call(
            "GET", "/events", query: [("from_date", "2025-06-01"), ("to_date", "2025-06-15")])
        let recentTimes = recent.list("events").compactMap { $0["event_time"] as? String }
        #expect(!recentTimes.isEmpty && recentTimes.count < rows.count)
        #expect(recentTimes.allSatisfy { $0 >= "2025-06-01" && $0 < "2025-06-16" })

        let badType = await harness.call("GET", "/events", query: [("event_type", "invoice_paid")])
        #expect(badType.status == 400 && badType.code == ZohoErrorCode.invalidValue)
        let badDate = await harness.call("GET", "/events", query: [("from_date", "06/01/2025")])
        #expect(badDate.message.contains("from_date"))
        let backwards = await harness.call(
            "GET", "/events", query: [("from_date", "2025-06-10"), ("to_date", "2025-06-01")])
        #expect(backwards.message.contains("to_date"))
        #expect(await harness.call("GET", "/events/1").status == 404)
    }

    @Test("Creating an invoice and recording a payment append events that carry the records")
    func liveEvents() async throws {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let created = await harness.call(
            "POST", "/invoices",
            json: [
                "customer_id": customer, "date": "2025-06-15",
                "invoice_items": [["name": "Workshop", "rate": 400, "quantity": 1]],
            ])
        let invoiceID = try #require(created.object("invoice")["invoice_id"] as? String)
        let invoiceEvents = await harness.call("GET", "/events", query: [("event_type", "invoice_created")])
        let newest = try #require(invoiceEvents.list("events").first)
        #expect(newest["event_time"] as? String == "2025-06-15T10:00:00-0700")
        let eventID = try #require(newest["event_id"] as? String)
        let event = await harness.call("GET", "/events/\(eventID)").object("event")
        let payload = try #require(event["payload"] as? [String: Any])
        #expect((payload["invoice"] as? [String: Any])?["invoice_id"] as? String == invoiceID)
        #expect((event["webhooks"] as? [Any])?.isEmpty == true)

        let open = await harness.invoice(status: "sent")
        let payment = await harness.call(
            "POST", "/payments",
            json: [
                "customer_id": open["customer_id"] ?? "", "payment_mode": "check", "amount": 1,
                "invoices": [["invoice_id": open["invoice_id"] ?? "", "amount_applied": 1]],
            ])
        let paymentID = try #require(payment.object("payment")["payment_id"] as? String)
        let thanks = await harness.call("GET", "/events", query: [("event_type", "payment_thankyou")])
        let latest = try #require(thanks.list("events").first?["event_id"] as? String)
        let paid = await harness.call("GET", "/events/\(latest)").object("event")
        #expect(
            ((paid["payload"] as? [String: Any])?["payment"] as? [String: Any])?["payment_id"] as? String == paymentID)
    }
}
