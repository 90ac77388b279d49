import Foundation
import Testing
import ZohoEmulator

/// The demo ids other test suites and docs rely on; changing the seed must update them deliberately.
@Suite("Demo seed data")
struct SeedTests {
    @Test(
        "Well-known ids resolve to the documented records",
        arguments: [
            ("/customers/903000000010011", "customer", "display_name", "Northwind Bistro"),
            (
                "/customers/903000000010011/contactpersons/903000000010012", "contact_person", "email",
                "maya.patel@example.com"
            ),
            ("/subscriptions/903000000010020", "subscription", "status", "live"),
            ("/subscriptions/903000000010027", "subscription", "status", "trial"),
            ("/subscriptions/903000000010031", "subscription", "status", "non_renewing"),
            ("/subscriptions/903000000010037", "subscription", "status", "cancelled"),
            ("/invoices/903000000010022", "invoice", "status", "paid"),
            ("/invoices/903000000010024", "invoice", "status", "sent"),
            ("/invoices/903000000010030", "invoice", "status", "draft"),
            ("/invoices/903000000010033", "invoice", "status", "overdue"),
            ("/invoices/903000000010036", "invoice", "status", "partially_paid"),
            ("/invoices/903000000010041", "invoice", "status", "void"),
            ("/payments/903000000010045", "payment", "payment_number", "PMT-00001"),
            ("/customers/903000000010052", "customer", "currency_code", "BHD"),
            ("/payments/903000000010054", "payment", "payment_number", "PMT-00004"),
            ("/plans/basic-monthly", "plan", "status", "active"),
            ("/plans/starter-legacy", "plan", "status", "inactive"),
        ])
    func wellKnownIDs(path: String, key: String, field: String, value: String) async {
        let harness = Harness()
        let reply = await harness.call("GET", path)
        #expect(reply.status == 200)
        #expect(reply.object(key)[field] as? String == value)
    }

    /// Golden tests of the MCP server read these records to prove amounts pass through digit for digit.
    @Test(
        "Seed amounts keep the exact digits they were written with",
        arguments: [
            ("/invoices/903000000010030", #""rate":75.50}"#),
            ("/payments/903000000010054", #""bank_charges":0.10,"#),
            ("/payments/903000000010054", #""amount":1234.567,"#),
            ("/payments/903000000010054", #""unused_amount":1234.567,"#),
            ("/customers/903000000010052", #""unused_credits":1234.567,"#),
        ])
    func exactDigits(path: String, fragment: String) async {
        let harness = Harness()
        let reply = await harness.call("GET", path)
        #expect(reply.status == 200)
        #expect(reply.text.contains(fragment), "\(path) should contain \(fragment): \(reply.text)")
    }

    @Test("Seed ids do not depend on the date the emulator starts")
    func stableAcrossDates() async {
        let later = Harness(configuration: EmulatorConfiguration(now: fixedNow.addingTimeInterval(86_400 * 400)))
        let reply = await later.call("GET", "/invoices/903000000010033")
        #expect(reply.object("invoice")["invoice_number"] as? String == "INV-00004")
    }
}
