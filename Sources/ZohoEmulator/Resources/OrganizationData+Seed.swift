#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Demo data: a small, fictional but realistic book of business

extension OrganizationData {
    /// Zoho's timestamp for 09:00 local time on `date`.
    func stamp(_ date: CalendarDate, hour: Int = 9) -> String {
        let midnightUTC = Date(timeIntervalSince1970: TimeInterval(date.dayNumber) * 86_400)
        let offset = timeZone.secondsFromGMT(for: midnightUTC)
        let instant = midnightUTC.addingTimeInterval(TimeInterval(hour * 3600 - offset))
        return Timestamp.format(instant, in: timeZone)
    }

    /// The seed entry point: everything an organization holds before its first request, in a fixed order so that
    /// ids come out the same on every run.
    ///
    /// The order matters: the small demo book comes first because tests and docs name its ids, then the report
    /// stories, then the generated company. Resource families seed themselves with one line each in the marked
    /// block at the end, so their records never shift the ids above.
    mutating func seed(today: CalendarDate, configuration: EmulatorConfiguration) {
        seedCatalog(today: today)
        if configuration.seedDemoData {
            seedDemoData(today: today)
            if configuration.seedReportExamples { seedReportExamples(today: today) }
            if configuration.seedDemoCompany { seedDemoCompany(today: today) }
        }
        // MARK: Resource seeds: one line per resource family below this mark, each `seed<Family>(...)`.
        seedProductCatalog(today: today)  // Catalog: products table, items, catalogue fields.
    }

    /// Fills the organization with the catalogue only (product, plans, addons, coupons).
    mutating func seedCatalog(today: CalendarDate) {
        let created = stamp(today.adding(days: -400))
        productID = nextID()
        let planSeeds:
            [(
                code: String, name: String, price: JSONValue, interval: Int, unit: String, trial: Int, status: String,
                description: String
            )] = [
                (
                    "starter-legacy", "Starter (legacy)", 9, 1, "months", 0, "inactive",
                    "Retired entry plan, kept for old subscribers."
                ),
                (
                    "basic-monthly", "Basic Monthly", 29, 1, "months", 0, "active",
                    "Core features for small teams, billed monthly."
                ),
                (
                    "pro-monthly", "Pro Monthly", 99, 1, "months", 14, "active",
                    "Everything in Basic plus automation, with a 14-day trial."
                ),
                ("pro-annual", "Pro Annual", 990, 1, "years", 0, "active", "Pro billed yearly: two months free."),
            ]
        for seed in planSeeds {
            plans[seed.code] = [
                "plan_id": .string(nextID()),
                "plan_code": .string(seed.code),
                "name": .string(seed.name),
                "description": .string(seed.description),
                "status": .string(seed.status),
                "product_id": .string(productID),
                "product_name": .string(productName),
                "recurring_price": seed.price,
                "unit": "user",
                "interval": .int(seed.interval),
                "interval_unit": .string(seed.unit),
                "billing_cycles": -1,
                "trial_period": .int(seed.trial),
                "setup_fee": 0,
                "tax_id": "",
                "product_type": "service",
                "url": .string("https://billing.example.com/subscribe/\(info.id)/\(seed.code)"),
                "addons": [],
                "created_time": .string(created),
                "updated_time": .string(created),
            ]
        }
        let addonSeeds: [(code: String, name: String, price: JSONValue, type: String)] = [
            ("extra-seat", "Extra seat", .amount("12.50"), "recurring"),
            ("onboarding", "Onboarding session", 149, "one_time"),
        ]
        for seed in addonSeeds {
            addons[seed.code] = [
                "addon_id": .string(nextID()),
                "addon_code": .string(seed.code),
                "name": .string(seed.name),
                "description": .string(seed.name),
                "price": seed.price,
                "type": .string(seed.type),
                "status": "active",
                "product_id": .string(productID),
            ]
        }
        let couponSeeds: [(code: String, name: String, by: String, value: JSONValue, status: String, type: String)] = [
            ("WELCOME10", "Welcome 10% off", "percentage", 10, "active", "one_time"),
            ("FLAT20", "20 off", "flat", 20, "active", "one_time"),
            ("SPRING-EXPIRED", "Old spring promotion", "flat", 15, "expired", "one_time"),
        ]
        for seed in couponSeeds {
            coupons[seed.code] = [
                "coupon_id": .string(nextID()),
                "coupon_code": .string(seed.code),
                "name": .string(seed.name),
                "discount_by": .string(seed.by),
                "discount_value": seed.value,
                "status": .string(seed.status),
                "type": .string(seed.type),
                "product_id": .string(productID),
            ]
        }
    }

    /// Fills the organization with demo customers, subscriptions, invoices and payments relative to `today`.
    mutating func seedDemoData(today: CalendarDate) {
        // Customers and their contact persons.
        func customer(
            _ name: String, _ first: String, _ last: String, _ email: String, city: String, terms: Int, daysAgo: Int
        ) -> JSONObject {
            let body: JSONObject = [
                "display_name": .string(name), "company_name": .string(name), "first_name": .string(first),
                "last_name": .string(last), "email": .string(email), "phone": "+1 555 0100",
                "payment_terms": .int(terms),
                "payment_terms_label": .string(terms == 0 ? "Due on Receipt" : "Net \(terms)"),
                "billing_address": .object([
                    "attention": .string("\(first) \(last)"), "street": "100 Example Street", "city": .string(city),
                    "state": "CA", "zip": "94000", "country": "U.S.A",
                ]),
            ]
            let seeded = RequestContext(
                method: "SEED", parameters: [], query: [], body: [:], today: today,
                timestamp: stamp(today.adding(days: -daysAgo)))
            var row = (try? insertCustomer(body, context: seeded)) ?? [:]
            let id = row.string("customer_id") ?? ""
            _ = try? insertContactPerson(
                [
                    "first_name": .string(first), "last_name": .string(last), "email": .string(email),
                    "designation": "Owner",
                ], customerID: id, timestamp: seeded.timestamp)
            row = customers[id] ?? row
            return row
        }
        let northwind = customer(
            "Northwind Bistro", "Maya", "Patel", "maya.patel@example.com", city: "San Mateo", terms: 15,
            daysAgo: 120)
        _ = try? insertContactPerson(
            [
                "first_name": "Jonas", "last_name": "Berg", "email": "jonas.berg@example.com",
                "designation": "Accounts",
            ], customerID: northwind.string("customer_id") ?? "", timestamp: stamp(today.adding(days: -119)))
        let bluebird = customer(
            "Bluebird Analytics", "Omar", "Haddad", "omar.haddad@example.com", city: "Oakland", terms: 0,
            daysAgo: 90)
        let cedar = customer(
            "Cedar & Pine Studio", "Lena", "Fischer", "lena.fischer@example.com", city: "Sacramento", terms: 30,
            daysAgo: 60)
        let harbor = customer(
            "Harbor Light Co.", "Sam", "Okafor", "sam.okafor@example.com", city: "Monterey", terms: 15,
            daysAgo: 100)
        if let id = harbor.string("customer_id") { customers[id]?["status"] = "inactive" }

        // Subscriptions, each with the invoices its history would have produced.
        func subscription(_ customer: JSONObject, plan code: String, startedDaysAgo: Int) -> JSONObject {
            let plan = plans[code] ?? [:]
            let line = (try? planLine(["plan_code": .string(code)])) ?? [:]
            return makeSubscription(
                customer: customer, plan: plan, planLine: line, addons: [], coupon: nil, autoCollect: false,
                paymentTerms: nil, body: [:], createdOn: today.adding(days: -startedDaysAgo),
                timestamp: stamp(today.adding(days: -startedDaysAgo)))
        }
        func save(_ row: JSONObject) { subscriptions[row.string("subscription_id") ?? ""] = row }
        func invoice(
            _ customer: JSONObject, _ items: [JSONObject], date: CalendarDate, status: String, type: String,
            subscription: String? = nil
        ) -> JSONObject {
            let built = (try? lineItems(items)) ?? (items: [], subTotal: 0)
            let terms = customer["payment_terms"]?.decimalValue?.intValue ?? 0
            return insertInvoice(
                customer: customer, date: date, dueDate: date.adding(days: terms), items: built.items,
                subTotal: built.subTotal, status: status, transactionType: type, subscriptionID: subscription,
                timestamp: stamp(date))
        }
        func planItem(_ code: String, from start: CalendarDate, to end: CalendarDate) -> JSONObject {
            let plan = plans[code] ?? [:]
            return [
                "name": plan["name"] ?? "Plan", "code": .string(code), "rate": plan["recurring_price"] ?? 0,
                "quantity": 1, "description": .string("Charges for this duration (from \(start) to \(end))"),
            ]
        }

        // Northwind: live on Basic Monthly for a little over a month; first invoice paid, renewal open.
        var live = subscription(northwind, plan: "basic-monthly", startedDaysAgo: 40)
        let liveID = live.string("subscription_id") ?? ""
        let firstStart = today.adding(days: -40)
        let termStart = firstStart.adding(months: 1)
        let nextBilling = termStart.adding(months: 1)
        let paidInvoice = invoice(
            northwind, [planItem("basic-monthly", from: firstStart, to: termStart.adding(days: -1))],
            date: firstStart, status: "sent", type: "new", subscription: liveID)
        let openInvoice = invoice(
            northwind, [planItem("basic-monthly", from: termStart, to: nextBilling.adding(days: -1))],
            date: termStart, status: "sent", type: "renewal", subscription: liveID)
        live["activated_at"] = .string(firstStart.description)
        live["current_term_starts_at"] = .string(termStart.description)
        live["current_term_ends_at"] = .string(nextBilling.adding(days: -1).description)
        live["last_billing_at"] = .string(termStart.description)
        live["next_billing_at"] = .string(nextBilling.description)
        live["child_invoice_id"] = openInvoice["invoice_id"] ?? .null
        save(live)
        addActivity(liveID, "Subscription created", timestamp: stamp(firstStart))
        addActivity(
            liveID, "Invoice \(openInvoice.string("invoice_number") ?? "") created", timestamp: stamp(termStart))

        // Bluebird: a Pro Monthly trial that ends in nine days, plus a draft consulting invoice.
        var trial = subscription(bluebird, plan: "pro-monthly", startedDaysAgo: 5)
        let trialStart = today.adding(days: -5)
        let trialEnd = trialStart.adding(days: 14)
        trial["status"] = "trial"
        trial["trial_starts_at"] = .string(trialStart.description)
        trial["trial_ends_at"] = .string(trialEnd.description)
        trial["trial_remaining_days"] = .int(trialEnd.dayNumber - today.dayNumber)
        trial["current_term_starts_at"] = .string(trialStart.description)
        trial["current_term_ends_at"] = .string(trialEnd.adding(days: -1).description)
        trial["next_billing_at"] = .string(trialEnd.description)
        save(trial)
        addActivity(trial.string("subscription_id") ?? "", "Trial started", timestamp: stamp(trialStart))
        _ = invoice(
            bluebird,
            [
                [
                    "name": "Data onboarding consulting", "rate": .amount("75.50"), "quantity": 2,
                    "description": "Two hours of setup help",
                ]
            ],
            date: today, status: "draft", type: "invoice")

        // Cedar & Pine: Pro Annual set not to renew; the annual invoice is overdue; a workshop partly paid.
        var annual = subscription(cedar, plan: "pro-annual", startedDaysAgo: 45)
        let annualStart = today.adding(days: -45)
        let annualEnd = annualStart.adding(months: 12)
        let overdue = invoice(
            cedar, [planItem("pro-annual", from: annualStart, to: annualEnd.adding(days: -1))],
            date: annualStart, status: "sent", type: "new", subscription: annual.string("subscription_id"))
        annual["status"] = "non_renewing"
        annual["activated_at"] = .string(annualStart.description)
        annual["current_term_starts_at"] = .string(annualStart.description)
        annual["current_term_ends_at"] = .string(annualEnd.adding(days: -1).description)
        annual["last_billing_at"] = .string(annualStart.description)
        annual["next_billing_at"] = .string(annualEnd.description)
        annual["expires_at"] = .string(annualEnd.adding(days: -1).description)
        annual["scheduled_cancellation_date"] = .string(annualEnd.description)
        annual["child_invoice_id"] = overdue["invoice_id"] ?? .null
        save(annual)
        addActivity(
            annual.string("subscription_id") ?? "", "Subscription set to cancel at the end of the term",
            timestamp: stamp(today.adding(days: -7)))
        let workshop = invoice(
            cedar,
            [
                [
                    "name": "Design workshop", "rate": .amount("125.00"), "quantity": 2,
                    "description": "Half-day workshops",
                ]
            ],
            date: today.adding(days: -3), status: "sent", type: "invoice")

        // Harbor Light: Basic Monthly cancelled three weeks ago; one invoice paid, one voided, one overdue.
        var cancelled = subscription(harbor, plan: "basic-monthly", startedDaysAgo: 80)
        let cancelledID = cancelled.string("subscription_id") ?? ""
        let harborStart = today.adding(days: -80)
        let harborPaid = invoice(
            harbor, [planItem("basic-monthly", from: harborStart, to: harborStart.adding(months: 1).adding(days: -1))],
            date: harborStart, status: "sent", type: "new", subscription: cancelledID)
        var voided = invoice(
            harbor, [["name": "Duplicate renewal", "rate": 29, "quantity": 1]],
            date: today.adding(days: -50), status: "sent", type: "renewal", subscription: cancelledID)
        voided["status"] = "void"
        settle(&voided)
        invoices[voided.string("invoice_id") ?? ""] = voided
        let harborOverdue = invoice(
            harbor,
            [
                planItem(
                    "basic-monthly", from: harborStart.adding(months: 1),
                    to: harborStart.adding(months: 2).adding(days: -1))
            ],
            date: today.adding(days: -50), status: "sent", type: "renewal", subscription: cancelledID)
        cancelled["status"] = "cancelled"
        cancelled["activated_at"] = .string(harborStart.description)
        cancelled["current_term_starts_at"] = .string(harborStart.adding(months: 1).description)
        cancelled["current_term_ends_at"] = .string(harborStart.adding(months: 2).adding(days: -1).description)
        cancelled["last_billing_at"] = .string(harborStart.adding(months: 1).description)
        cancelled["cancelled_at"] = .string(today.adding(days: -20).description)
        cancelled["expires_at"] = .string(today.adding(days: -20).description)
        cancelled["child_invoice_id"] = harborOverdue["invoice_id"] ?? .null
        save(cancelled)
        addActivity(cancelledID, "Subscription cancelled", timestamp: stamp(today.adding(days: -20)))

        // Payments.
        func pay(
            _ customer: JSONObject, _ amount: JSONValue, mode: String, date: CalendarDate, invoice: JSONObject,
            reference: String
        ) {
            let value = amount.decimalValue ?? 0
            _ = insertPayment(
                customer: customer, amount: (value, amount), mode: mode, date: date,
                applications: [(invoice.string("invoice_id") ?? "", value)],
                extra: [
                    "reference_number": .string(reference),
                    "description": .string("Payment for \(invoice.string("invoice_number") ?? "")"),
                ],
                timestamp: stamp(date, hour: 11))
        }
        pay(
            northwind, 29, mode: "banktransfer", date: firstStart.adding(days: 2), invoice: paidInvoice,
            reference: "WIRE-4410")
        pay(
            cedar, .amount("100.00"), mode: "check", date: today.adding(days: -2), invoice: workshop,
            reference: "CHK-1024")
        pay(
            harbor, 29, mode: "creditcard", date: harborStart.adding(days: 1), invoice: harborPaid,
            reference: "CARD-8812")

        seedModuleExtras(today: today)  // Module extras: cards, bank accounts, CRM link, notes (+SubscriptionExtras).

        // A credit note Cedar & Pine can apply with POST /invoices/{id}/credits.
        let noteID = nextID()
        creditNotes[noteID] = [
            "creditnote_id": .string(noteID),
            "creditnote_number": .string(nextNumber("CN")),
            "customer_id": cedar["customer_id"] ?? .null,
            "customer_name": cedar["display_name"] ?? .null,
            "date": .string(today.adding(days: -10).description),
            "total": .amount("25.00"),
            "balance": .amount("25.00"),
            "status": "open",
        ]

        seedForeignCurrencyCustomer(today: today)
        seedExtendedModules(today: today)  // Hosted pages, unbilled charges, events, settings: +Settings.swift.
        seedDocumentExamples(today: today)  // Credit notes and quotes: OrganizationData+Quotes.swift.
    }

    /// A customer billed in Bahraini dinars, whose amounts carry three decimals (`1234.567`), with an advance
    /// payment that is not applied to any invoice yet.
    ///
    /// Seeded last so every id above stays where tests and docs expect it, and created before the other customers
    /// so the default newest-first customer list still starts with Cedar & Pine.
    private mutating func seedForeignCurrencyCustomer(today: CalendarDate) {
        let created = RequestContext(
            method: "SEED", parameters: [], query: [], body: [:], today: today,
            timestamp: stamp(today.adding(days: -150)))
        let body: JSONObject = [
            "display_name": "Gulf Pearl Trading", "company_name": "Gulf Pearl Trading W.L.L.", "first_name": "Noor",
            "last_name": "Al-Sayed", "email": "noor.alsayed@example.com", "phone": "+973 1700 0100",
            "currency_code": "BHD", "payment_terms": 30, "payment_terms_label": "Net 30",
            "billing_address": [
                "attention": "Noor Al-Sayed", "street": "Building 100, Road 1701", "city": "Manama",
                "state": "Capital Governorate", "zip": "317", "country": "Bahrain",
            ],
        ]
        guard let customer = try? insertCustomer(body, context: created), let id = customer.string("customer_id")
        else { return }
        _ = try? insertContactPerson(
            [
                "first_name": "Noor", "last_name": "Al-Sayed", "email": "noor.alsayed@example.com",
                "designation": "Finance Manager",
            ], customerID: id, timestamp: created.timestamp)
        let amount = JSONValue.amount("1234.567")
        let received = today.adding(days: -12)
        let advance = insertPayment(
            customer: customers[id] ?? customer, amount: (amount.decimalValue ?? 0, amount), mode: "banktransfer",
            date: received, applications: [],
            extra: [
                "reference_number": "SWIFT-7731", "description": "Advance for the annual licence",
                "exchange_rate": .amount("2.6596"), "bank_charges": .amount("0.10"),
            ],
            timestamp: stamp(received, hour: 11))
        // The payment is in the customer's currency, not the organization's.
        guard let paymentID = advance.string("payment_id") else { return }
        payments[paymentID]?["currency_code"] = "BHD"
        payments[paymentID]?["currency_symbol"] = "BD"
    }
}
