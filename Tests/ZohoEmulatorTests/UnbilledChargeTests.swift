import Foundation
import Testing
import ZohoEmulator

@Suite("Unbilled charges")
struct UnbilledChargeTests {
    /// The newest subscription, which the seed gives an open unbilled charge, and that charge's id.
    private func seeded(_ harness: Harness) async throws -> (subscription: String, charge: String) {
        let first = try #require(await harness.call("GET", "/subscriptions").list("subscriptions").first)
        return (
            try #require(first["subscription_id"] as? String), try #require(first["unbilled_charge_id"] as? String)
        )
    }

    @Test("The seed holds two lines on the newest subscription")
    func seededCharge() async throws {
        let harness = Harness()
        let (subscription, charge) = try await seeded(harness)
        let reply = await harness.call("GET", "/unbilledcharges/\(charge)")
        #expect(reply.status == 200)
        let row = reply.object("unbilled_charge")
        #expect(row["status"] as? String == "open")
        #expect(row["subscription_id"] as? String == subscription)
        #expect(row["number"] as? String == "UNBILL-00001")
        #expect((row["unbilled_charge_items"] as? [Any])?.count == 2)
        #expect(reply.text.contains(#""total":126"#))
        #expect(await harness.call("GET", "/unbilledcharges/1").status == 404)
    }

    @Test("A charge added with add_to_unbilled_charges joins the open charge and raises no invoice")
    func holdCharge() async throws {
        let harness = Harness()
        let (subscription, charge) = try await seeded(harness)
        let invoicesBefore = await harness.call("GET", "/invoices").list("invoices").count
        let reply = await harness.post(
            "/subscriptions/\(subscription)/charge",
            rawJSON: #"{"amount":25.50,"description":"Extra storage","add_to_unbilled_charges":true}"#)
        #expect(reply.status == 200, "\(reply.text)")
        let row = reply.object("unbilled_charge")
        #expect(row["unbilled_charge_id"] as? String == charge)
        #expect((row["unbilled_charge_items"] as? [Any])?.count == 3)
        #expect(reply.text.contains(#""price":25.50"#), "the amount is echoed as sent")
        #expect(reply.text.contains(#""total":151.5"#))
        #expect(await harness.call("GET", "/invoices").list("invoices").count == invoicesBefore)

        // Another subscription starts its own charge.
        let live = try #require(await harness.subscription(status: "live")["subscription_id"] as? String)
        let addon = await harness.call(
            "POST", "/subscriptions/\(live)/buyonetimeaddon",
            json: ["addons": [["addon_code": "onboarding"]], "add_to_unbilled_charges": true])
        let second = addon.object("unbilled_charge")
        #expect(second["number"] as? String == "UNBILL-00002")
        let view = await harness.call("GET", "/subscriptions/\(live)").object("subscription")
        #expect(view["unbilled_charge_id"] as? String == second["unbilled_charge_id"] as? String)
    }

    @Test("Converting raises the invoice once; an invoiced charge can be neither converted nor deleted")
    func convert() async throws {
        let harness = Harness()
        let (subscription, charge) = try await seeded(harness)
        let reply = await harness.call("POST", "/unbilledcharges/\(charge)/createinvoice")
        #expect(reply.status == 201)
        #expect(reply.message == "Unbilled Charges have been invoiced.")
        let invoice = reply.object("invoice")
        #expect(invoice["status"] as? String == "sent")
        #expect(invoice["total"] as? Int == 126)
        #expect((invoice["invoice_items"] as? [Any])?.count == 2)
        let invoiceID = try #require(invoice["invoice_id"] as? String)
        #expect(await harness.call("GET", "/invoices/\(invoiceID)").status == 200)

        let row = await harness.call("GET", "/unbilledcharges/\(charge)").object("unbilled_charge")
        #expect(row["status"] as? String == "invoiced")
        #expect(row["invoice_id"] as? String == invoiceID)
        let owner = await harness.call("GET", "/subscriptions/\(subscription)").object("subscription")
        #expect(owner["unbilled_charge_id"] == nil)

        let twice = await harness.call("POST", "/unbilledcharges/\(charge)/createinvoice")
        #expect(twice.code == ZohoErrorCode.invalidState)
        let delete = await harness.call("DELETE", "/unbilledcharges/\(charge)")
        #expect(delete.code == ZohoErrorCode.invalidState)
    }

    @Test("Deleting an open charge removes it from the subscription")
    func delete() async throws {
        let harness = Harness()
        let (subscription, charge) = try await seeded(harness)
        let reply = await harness.call("DELETE", "/unbilledcharges/\(charge)")
        #expect(reply.status == 200)
        #expect(reply.message == "The unbilled charges have been deleted.")
        #expect(await harness.call("GET", "/unbilledcharges/\(charge)").status == 404)
        let owner = await harness.call("GET", "/subscriptions/\(subscription)").object("subscription")
        #expect(owner["unbilled_charge_id"] == nil)
        #expect(await harness.call("DELETE", "/unbilledcharges/\(charge)").status == 404)
    }
}
