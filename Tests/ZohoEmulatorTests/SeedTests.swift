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

/// The sandbox's demo company: its size, its variety and that it is the same on every run.
@Suite("Demo company seed")
struct DemoCompanySeedTests {
    static let company = EmulatorConfiguration(seedReportExamples: true, seedDemoCompany: true, now: fixedNow)
    static let today = "2025-06-15"

    /// Every row of a list, page by page.
    static func all(_ harness: Harness, _ path: String, key: String, query: [(String, String)] = []) async
        -> [[String: Any]]
    {
        var rows: [[String: Any]] = []
        for page in 1... {
            let reply = await harness.call(
                "GET", path, query: query + [("per_page", "200"), ("page", String(page))])
            rows += reply.list(key)
            guard reply.pageContext["has_more_page"] as? Bool == true, page < 50 else { break }
        }
        return rows
    }

    static func strings(_ rows: [[String: Any]], _ field: String) -> Set<String> {
        Set(rows.compactMap { $0[field] as? String })
    }

    @Test("About fifty customers in USD, EUR and GBP, with varied payment terms and example.com addresses")
    func customers() async {
        let harness = Harness(configuration: Self.company)
        let customers = await Self.all(harness, "/customers", key: "customers", query: [("filter_by", "Status.All")])
        #expect((50...55).contains(customers.count), "\(customers.count) customers")
        let currencies = customers.compactMap { $0["currency_code"] as? String }
        #expect(Set(currencies).isSuperset(of: ["USD", "EUR", "GBP"]))
        #expect(currencies.filter { $0 == "EUR" }.count >= 5)
        #expect(currencies.filter { $0 == "GBP" }.count >= 5)
        let terms = Set(customers.compactMap { $0["payment_terms"] as? Int })
        #expect(terms.isSuperset(of: [0, 15, 30]))
        for customer in customers {
            let email = customer["email"] as? String ?? ""
            #expect(email.hasSuffix(".example.com") || email.hasSuffix("@example.com"), "\(email)")
        }
        #expect(Set(customers.compactMap { $0["display_name"] as? String }).count == customers.count)
    }

    @Test("Plans bill weekly, monthly and yearly; addons and coupons come in every kind")
    func catalogue() async {
        let harness = Harness(configuration: Self.company)
        let plans = await Self.all(harness, "/plans", key: "plans")
        #expect(Self.strings(plans, "interval_unit") == ["weeks", "months", "years"])
        #expect(Self.strings(plans, "status") == ["active", "inactive"])
        let snapshot = try? JSONSerialization.jsonObject(with: harness.emulator.stateSnapshot()) as? [String: Any]
        let organization = (snapshot?["organizations"] as? [[String: Any]])?.first ?? [:]
        func rows(_ table: String) -> [[String: Any]] {
            let stored = organization[table] as? [String: Any]
            return (stored?["rows"] as? [String: [String: Any]]).map { Array($0.values) } ?? []
        }
        let addons = rows("addons")
        #expect(Self.strings(addons, "type") == ["recurring", "one_time"])
        #expect(Self.strings(addons, "status") == ["active", "inactive"])
        let coupons = rows("coupons")
        #expect(Self.strings(coupons, "discount_by") == ["percentage", "flat"])
        #expect(Self.strings(coupons, "type").isSuperset(of: ["one_time", "forever"]))
        #expect(Self.strings(coupons, "status") == ["active", "expired", "inactive"])
        let notes = rows("creditNotes")
        #expect(notes.count >= 20)
        #expect(Self.strings(notes, "status") == ["open", "closed", "void"])
        #expect(Self.strings(notes, "currency_code").isSuperset(of: ["USD", "EUR", "GBP"]))
    }

    @Test("Two hundred subscriptions in every status Zoho has")
    func subscriptions() async {
        let harness = Harness(configuration: Self.company)
        let subscriptions = await Self.all(harness, "/subscriptions", key: "subscriptions")
        #expect(subscriptions.count == 200)
        #expect(
            Self.strings(subscriptions, "status") == [
                "live", "trial", "future", "non_renewing", "unpaid", "dunning", "cancelled", "cancelled_from_dunning",
                "expired", "trial_expired", "paused", "creation_failed",
            ])
        #expect(Self.strings(subscriptions, "interval_unit") == ["weeks", "months", "years"])
        #expect(Self.strings(subscriptions, "currency_code") == ["USD", "EUR", "GBP"])
    }

    @Test("About a thousand invoices over eighteen months, in every state, with payments and failed charges")
    func invoicesAndPayments() async throws {
        let harness = Harness(configuration: Self.company)
        let invoices = await Self.all(harness, "/invoices", key: "invoices")
        #expect((900...1200).contains(invoices.count), "\(invoices.count) invoices")
        #expect(
            Self.strings(invoices, "status").isSuperset(of: [
                "paid", "partially_paid", "overdue", "sent", "draft", "void",
            ]))
        #expect(invoices.contains { ($0["write_off_amount"] as? NSNumber)?.doubleValue ?? 0 > 0 }, "a write-off")
        let dates = invoices.compactMap { $0["date"] as? String }.sorted()
        let oldest = try #require(dates.first)
        // Eighteen months back from 2025-06-15, give or take a billing period.
        #expect(oldest >= "2023-11-15" && oldest <= "2024-02-15", "\(oldest)")
        #expect(try #require(dates.last) <= Self.today)

        let payments = await Self.all(harness, "/payments", key: "payments")
        let failed = payments.filter { $0["status"] as? String == "failure" }
        #expect(failed.count >= 10)
        for payment in failed {
            let message = payment["gateway_error_message"] as? String
            let auto = payment["autotransaction"] as? [String: Any]
            #expect(message?.isEmpty == false && auto?["gateway_error_message"] as? String == message)
            #expect(payment["payment_mode"] as? String == "autotransaction")
        }
        // Every subscription in dunning has a declined charge on record for its customer.
        let dunning = await Self.all(
            harness, "/subscriptions", key: "subscriptions", query: [("filter_by", "SubscriptionStatus.PAST_DUE")])
        #expect(dunning.count >= 5)
        let failedCustomers = Self.strings(failed, "customer_id")
        for subscription in dunning {
            #expect(failedCustomers.contains(subscription["customer_id"] as? String ?? ""))
        }
        #expect(
            payments.count(where: { $0["status"] as? String == "success" }) >= invoices.count / 2,
            "paid invoices have payments")
    }

    @Test("Every invoice, subscription, payment and credit note is in its customer's currency")
    func currencies() async throws {
        let harness = Harness(configuration: Self.company)
        let customers = await Self.all(harness, "/customers", key: "customers", query: [("filter_by", "Status.All")])
        var currencyOf: [String: String] = [:]
        for customer in customers {
            currencyOf[customer["customer_id"] as? String ?? ""] = customer["currency_code"] as? String
        }
        let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "BHD": "BD"]
        for (path, key) in [("/invoices", "invoices"), ("/subscriptions", "subscriptions"), ("/payments", "payments")] {
            for row in await Self.all(harness, path, key: key) {
                let currency = try #require(currencyOf[row["customer_id"] as? String ?? ""])
                #expect(row["currency_code"] as? String == currency, "\(key) \(row["customer_id"] ?? "")")
                #expect(row["currency_symbol"] as? String == symbols[currency], "\(key)")
            }
        }
    }

    @Test("Generated invoices and payments carry the same fields as the ones the API handlers make")
    func sameShapeAsHandlers() async throws {
        let harness = Harness(configuration: Self.company)
        // Through the handlers: a subscription's first invoice, paid by check.
        let customerID = await harness.customerID(named: "Northwind Bistro")
        let created = await harness.call(
            "POST", "/subscriptions",
            json: ["customer_id": customerID, "plan": ["plan_code": "basic-monthly"], "auto_collect": false])
        let invoiceID = try #require(created.object("subscription")["child_invoice_id"] as? String)
        let total = try #require(await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")["total"])
        let paid = await harness.call(
            "POST", "/payments",
            json: [
                "customer_id": customerID, "payment_mode": "check", "amount": total, "reference_number": "CHK-1",
                "description": "Payment for the first month",
                "invoices": [["invoice_id": invoiceID, "amount_applied": total]],
            ])
        let paymentID = try #require(paid.object("payment")["payment_id"] as? String)
        let handlerInvoice = await harness.call("GET", "/invoices/\(invoiceID)").object("invoice")
        let handlerPayment = await harness.call("GET", "/payments/\(paymentID)").object("payment")

        // Generated: a paid renewal of another customer, settled by a payment that was not an automatic charge.
        let generated = await Self.all(harness, "/payments", key: "payments").first {
            $0["payment_mode"] as? String == "check" && $0["status"] as? String == "success"
                && $0["customer_name"] as? String != "Northwind Bistro"
        }
        let generatedPaymentID = try #require(generated?["payment_id"] as? String)
        let generatedPayment = await harness.call("GET", "/payments/\(generatedPaymentID)").object("payment")
        let applied = try #require((generatedPayment["invoices"] as? [[String: Any]])?.first?["invoice_id"] as? String)
        let generatedInvoice = await harness.call("GET", "/invoices/\(applied)").object("invoice")

        #expect(Set(generatedPayment.keys) == Set(handlerPayment.keys))
        func keys(_ object: [String: Any], _ field: String) -> Set<String> {
            Set(((object[field] as? [[String: Any]])?.first ?? [:]).keys)
        }
        #expect(keys(generatedPayment, "invoices") == keys(handlerPayment, "invoices"))
        var invoiceKeys = Set(generatedInvoice.keys)
        if generatedInvoice["subscriptions"] == nil { invoiceKeys.insert("subscriptions") }
        #expect(invoiceKeys == Set(handlerInvoice.keys))
        #expect(keys(generatedInvoice, "payments") == keys(handlerInvoice, "payments"))
        #expect(keys(generatedInvoice, "invoice_items").isSubset(of: keys(handlerInvoice, "invoice_items")))
    }

    @Test("Two emulators seeded the same day hold identical data")
    func deterministic() async throws {
        let first = try ZohoEmulator(configuration: Self.company).stateSnapshot()
        let second = try ZohoEmulator(configuration: Self.company).stateSnapshot()
        // Compared as parsed JSON: key order inside an object is not part of the data.
        let one = try JSONSerialization.jsonObject(with: first) as? NSDictionary
        let two = try JSONSerialization.jsonObject(with: second) as? NSDictionary
        #expect(one != nil && one == two)
    }

    @Test("The company keeps its shape on any day: the same records and statuses, with dates moved")
    func sameShapeOnAnotherDay() async {
        let later = EmulatorConfiguration(
            seedReportExamples: true, seedDemoCompany: true, now: fixedNow.addingTimeInterval(86_400 * 200))
        var statuses: [[String: String]] = []
        for configuration in [Self.company, later] {
            let harness = Harness(configuration: configuration)
            let rows = await Self.all(harness, "/subscriptions", key: "subscriptions")
            statuses.append(
                Dictionary(
                    rows.map { row in
                        let key = [row["subscription_number"], row["customer_name"], row["plan_code"]]
                        return (key.map { "\($0 ?? "")" }.joined(separator: " "), row["status"] as? String ?? "")
                    },
                    uniquingKeysWith: { first, _ in first }))
        }
        #expect(statuses[0].count == 200 && statuses[0] == statuses[1])
    }

    @Test("Tests that leave the company off keep the small demo book")
    func offByDefault() async {
        let harness = Harness()
        let customers = await Self.all(harness, "/customers", key: "customers", query: [("filter_by", "Status.All")])
        #expect(customers.count == 5)
        #expect(EmulatorConfiguration.sandbox.seedDemoCompany)
    }
}

/// A saved state restores every table and the id counter, and a damaged one changes nothing.
@Suite("Emulator state snapshots")
struct StateSnapshotTests {
    @Test("A snapshot restores customers, invoices and counters into a fresh emulator")
    func roundTrip() async throws {
        let harness = Harness()
        let created = await harness.call(
            "POST", "/customers",
            json: ["display_name": "Saved Ltd", "email": "saved@example.com", "currency_code": "EUR"])
        let customerID = try #require(created.object("customer")["customer_id"] as? String)
        let saved = try harness.emulator.stateSnapshot()

        let restored = Harness()
        try restored.emulator.restoreState(from: saved)
        let fetched = await restored.call("GET", "/customers/\(customerID)")
        #expect(fetched.object("customer")["display_name"] as? String == "Saved Ltd")
        #expect(fetched.object("customer")["currency_code"] as? String == "EUR")
        // Ids go on counting after the restored ones, and numbers after the restored series.
        let next = await restored.call(
            "POST", "/customers", json: ["display_name": "After Ltd", "email": "after@example.com"])
        let nextID = try #require(next.object("customer")["customer_id"] as? String)
        #expect(nextID > customerID)
        let original = await harness.call(
            "POST", "/customers", json: ["display_name": "After Ltd", "email": "after@example.com"])
        #expect(original.object("customer")["customer_id"] as? String == nextID)
        // Seeded tables come back whole.
        for path in ["/invoices/903000000010033", "/payments/903000000010054", "/plans/pro-annual"] {
            let before = await harness.call("GET", path)
            let after = await restored.call("GET", path)
            #expect(after.status == 200 && after.text == before.text, "\(path)")
        }
    }

    @Test(
        "A damaged or foreign snapshot is refused with a reason, and the emulator keeps its data",
        arguments: [
            ("not json", "not valid JSON"),
            (#"{"organizations":[]}"#, "not an emulator state file"),
            (#"{"format":"zoho-billing-mcp emulator state","version":99,"organizations":[]}"#, "version 99"),
            (
                #"{"format":"zoho-billing-mcp emulator state","version":1,"organizations":[]}"#,
                "none of the organizations"
            ),
            (
                #"{"format":"zoho-billing-mcp emulator state","version":1,"organizations":[{"customers":42}]}"#,
                "damaged"
            ),
        ])
    func refused(text: String, reason: String) async throws {
        let harness = Harness()
        let before = try harness.emulator.stateSnapshot()
        #expect {
            try harness.emulator.restoreState(from: Data(text.utf8))
        } throws: { error in
            "\(error)".contains(reason)
        }
        #expect(try harness.emulator.stateSnapshot() == before)
    }
}
