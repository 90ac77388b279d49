#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - The sandbox's demo company: a generated, deterministic book of business

extension OrganizationData {
    /// The customers of the generated book: name, city, region, country and billing currency.
    static let companyCustomers: [(name: String, city: String, region: String, country: String, currency: String)] = [
        ("Brightwater Dental Group", "Austin", "TX", "U.S.A", "USD"),
        ("Copperline Freight", "Denver", "CO", "U.S.A", "USD"),
        ("Summit Ridge Outfitters", "Boulder", "CO", "U.S.A", "USD"),
        ("Lakeside Veterinary Clinic", "Madison", "WI", "U.S.A", "USD"),
        ("Redwood Legal Partners", "San Francisco", "CA", "U.S.A", "USD"),
        ("Ironbridge Construction", "Pittsburgh", "PA", "U.S.A", "USD"),
        ("Silverleaf Property Management", "Phoenix", "AZ", "U.S.A", "USD"),
        ("Oak & Anchor Brewing", "Portland", "OR", "U.S.A", "USD"),
        ("Clearview Optometry", "Columbus", "OH", "U.S.A", "USD"),
        ("Granite Peak Fitness", "Salt Lake City", "UT", "U.S.A", "USD"),
        ("Bayview Realty Group", "San Diego", "CA", "U.S.A", "USD"),
        ("Prairie Wind Energy", "Omaha", "NE", "U.S.A", "USD"),
        ("Tidewater Marine Supply", "Norfolk", "VA", "U.S.A", "USD"),
        ("Meridian Health Partners", "Nashville", "TN", "U.S.A", "USD"),
        ("Blue Heron Bookshop", "Asheville", "NC", "U.S.A", "USD"),
        ("Crescent City Catering", "New Orleans", "LA", "U.S.A", "USD"),
        ("Pinecrest Academy", "Raleigh", "NC", "U.S.A", "USD"),
        ("Evergreen Landscaping", "Seattle", "WA", "U.S.A", "USD"),
        ("Sterling Accounting Services", "Chicago", "IL", "U.S.A", "USD"),
        ("Hollow Creek Farms", "Lancaster", "PA", "U.S.A", "USD"),
        ("Lumen Creative Agency", "Los Angeles", "CA", "U.S.A", "USD"),
        ("Northstar IT Consulting", "Minneapolis", "MN", "U.S.A", "USD"),
        ("Riverbend Pediatrics", "Louisville", "KY", "U.S.A", "USD"),
        ("Keystone Logistics", "Harrisburg", "PA", "U.S.A", "USD"),
        ("Sunset Yoga Collective", "Santa Monica", "CA", "U.S.A", "USD"),
        ("Fairway Golf Supply", "Scottsdale", "AZ", "U.S.A", "USD"),
        ("Greenfield Robotics", "Cambridge", "MA", "U.S.A", "USD"),
        ("Magnolia Event Rentals", "Charleston", "SC", "U.S.A", "USD"),
        ("Atlas Print & Sign", "Atlanta", "GA", "U.S.A", "USD"),
        ("Quarry Hill Architects", "Providence", "RI", "U.S.A", "USD"),
        ("Kaffeehaus Müller GmbH", "Berlin", "Berlin", "Germany", "EUR"),
        ("Atelier Lumière SARL", "Lyon", "Auvergne-Rhône-Alpes", "France", "EUR"),
        ("Van der Berg Logistiek B.V.", "Rotterdam", "South Holland", "Netherlands", "EUR"),
        ("Bodega Sol y Mar S.L.", "Valencia", "Valencia", "Spain", "EUR"),
        ("Studio Verde S.r.l.", "Milan", "Lombardy", "Italy", "EUR"),
        ("Nordlicht Software GmbH", "Hamburg", "Hamburg", "Germany", "EUR"),
        ("Brasserie du Port", "Marseille", "Provence-Alpes-Côte d'Azur", "France", "EUR"),
        ("Dublin Bay Analytics Ltd", "Dublin", "Leinster", "Ireland", "EUR"),
        ("Thistle & Rose Interiors Ltd", "Edinburgh", "Scotland", "United Kingdom", "GBP"),
        ("Camden Coffee Roasters", "London", "England", "United Kingdom", "GBP"),
        ("Pennine Outdoor Gear", "Leeds", "England", "United Kingdom", "GBP"),
        ("Harbourside Dental Care", "Bristol", "England", "United Kingdom", "GBP"),
        ("Oxford Lane Tutors", "Oxford", "England", "United Kingdom", "GBP"),
        ("Kingsway Legal LLP", "Manchester", "England", "United Kingdom", "GBP"),
    ]

    static let companyFirstNames = [
        "Ana", "Ben", "Chloe", "Daniel", "Elena", "Felix", "Grace", "Hugo", "Isla", "Jamal", "Kira", "Liam", "Mei",
        "Nina", "Oscar", "Paula", "Rafael", "Sofia", "Tariq", "Uma", "Victor", "Wen", "Yusuf", "Zoe",
    ]
    static let companyLastNames = [
        "Alvarez", "Brennan", "Chen", "Dubois", "Eriksen", "Fontaine", "Garcia", "Hoffmann", "Ibrahim", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Neill", "Petrov", "Rossi", "Schmidt", "Tanaka", "Walsh",
    ]

    /// How many generated subscriptions end up in each status; with the small demo book and the report stories
    /// the organization holds two hundred.
    static let companyStatusMix: [(status: String, count: Int)] = [
        ("live", 88), ("trial", 12), ("future", 6), ("non_renewing", 10), ("unpaid", 6), ("dunning", 8),
        ("cancelled", 26), ("cancelled_from_dunning", 8), ("expired", 12), ("trial_expired", 8), ("paused", 8),
        ("creation_failed", 2),
    ]

    /// The messages card gateways give for a declined automatic charge, as Zoho shows them on the payment.
    static let companyDeclineMessages = [
        "Card declined: insufficient funds.", "Card expired.", "Card declined by the issuing bank (do not honor).",
        "Card declined: incorrect CVC.", "Card declined: the card does not support this type of purchase.",
    ]

    /// Fills the organization with the demo company: its wider catalogue, about fifty customers in USD, EUR and
    /// GBP, two hundred subscriptions in every status with the invoices, payments and failed charges their history
    /// produced over eighteen months, one-off invoices, credit notes and refunds.
    ///
    /// Every choice comes from a generator with a fixed seed and every date is relative to `today`, so two runs on
    /// the same day hold identical records and the reports always have recent data.
    mutating func seedDemoCompany(today: CalendarDate) {
        var random = SeededGenerator(seed: Self.companySeed)
        seedCompanyCatalog(today: today)
        let book = seedCompanyCustomers(today: today, random: &random)
        var statuses = Self.companyStatusMix.flatMap { Array(repeating: $0.status, count: $0.count) }
        // Fisher–Yates with the seeded generator, so statuses do not come in runs.
        for index in stride(from: statuses.count - 1, to: 0, by: -1) {
            statuses.swapAt(index, random.int(0...index))
        }
        // Each subscription draws from its own generator: how many terms one bills depends on the calendar, and
        // that must not change who the next one belongs to. So on any day the company has the same customers,
        // plans and statuses; only the dates move.
        for (index, status) in statuses.enumerated() {
            var own = SeededGenerator(seed: Self.companySeed &+ 1 &+ UInt64(index))
            seedCompanySubscription(status: status, account: own.pick(book), today: today, random: &own)
        }
        var extras = SeededGenerator(seed: Self.companySeed &- 1)
        seedCompanyOneOffInvoices(book: book, today: today, random: &extras)
        seedCompanyCredits(book: book, today: today, random: &extras)
    }

    /// The generator's seed: any fixed number works; this one spells the company and the year it was written.
    static let companySeed: UInt64 = 0x00AC_3E00_2026_0603

    /// One customer of the book with the card its automatic charges use.
    struct CompanyAccount {
        var customer: JSONObject
        var card: String
        var declineMessage: String
    }

    // MARK: Catalogue

    private mutating func seedCompanyCatalog(today: CalendarDate) {
        let created = stamp(today.adding(days: -560))
        let planSeeds: [(code: String, name: String, price: JSONValue, unit: String, trial: Int, description: String)] =
            [
                ("team-weekly", "Team Weekly", 19, "weeks", 0, "Short projects and seasonal teams, billed every week."),
                ("basic-annual", "Basic Annual", 290, "years", 0, "Basic billed yearly: two months free."),
                (
                    "enterprise-monthly", "Enterprise Monthly", 499, "months", 30,
                    "Single sign-on, audit logs and a named success manager, with a 30-day trial."
                ),
                ("enterprise-annual", "Enterprise Annual", 4990, "years", 0, "Enterprise billed yearly."),
            ]
        for seed in planSeeds {
            plans[seed.code] = [
                "plan_id": .string(nextID()), "plan_code": .string(seed.code), "name": .string(seed.name),
                "description": .string(seed.description), "status": "active", "product_id": .string(productID),
                "product_name": .string(productName), "recurring_price": seed.price,
                "unit": .string(seed.code.hasPrefix("enterprise") ? "organization" : "user"), "interval": 1,
                "interval_unit": .string(seed.unit), "billing_cycles": -1, "trial_period": .int(seed.trial),
                "setup_fee": seed.code.hasPrefix("enterprise") ? 500 : 0, "tax_id": "", "product_type": "service",
                "url": .string("https://billing.example.com/subscribe/\(info.id)/\(seed.code)"), "addons": [],
                "created_time": .string(created), "updated_time": .string(created),
            ]
        }
        let addonSeeds: [(code: String, name: String, price: JSONValue, type: String, status: String)] = [
            ("priority-support", "Priority support", 49, "recurring", "active"),
            ("extra-storage", "Extra storage (100 GB)", .amount("7.50"), "recurring", "active"),
            ("data-migration", "Data migration", 499, "one_time", "active"),
            ("training-day", "On-site training day", 1200, "one_time", "inactive"),
        ]
        for seed in addonSeeds {
            addons[seed.code] = [
                "addon_id": .string(nextID()), "addon_code": .string(seed.code), "name": .string(seed.name),
                "description": .string(seed.name), "price": seed.price, "type": .string(seed.type),
                "status": .string(seed.status), "product_id": .string(productID),
            ]
        }
        let couponSeeds:
            [(code: String, name: String, by: String, value: JSONValue, status: String, type: String, expiry: Int?)] =
                [
                    ("LOYAL15", "Loyalty 15% off", "percentage", 15, "active", "forever", nil),
                    ("PARTNER50", "Partner 50 off every invoice", "flat", 50, "active", "forever", nil),
                    ("BLACKFRIDAY25", "Black Friday 25% off", "percentage", 25, "expired", "one_time", -20),
                    ("LAUNCH30", "Launch week 30% off", "percentage", 30, "inactive", "duration", nil),
                ]
        for seed in couponSeeds {
            var row: JSONObject = [
                "coupon_id": .string(nextID()), "coupon_code": .string(seed.code), "name": .string(seed.name),
                "discount_by": .string(seed.by), "discount_value": seed.value, "status": .string(seed.status),
                "type": .string(seed.type), "product_id": .string(productID),
            ]
            if seed.type == "duration" { row["duration"] = 3 }
            if let expiry = seed.expiry { row["expiry_at"] = .string(today.adding(days: expiry).description) }
            coupons[seed.code] = row
        }
    }

    // MARK: Customers

    private mutating func seedCompanyCustomers(today: CalendarDate, random: inout SeededGenerator)
        -> [CompanyAccount]
    {
        var book: [CompanyAccount] = []
        for (position, seed) in Self.companyCustomers.enumerated() {
            let first = random.pick(Self.companyFirstNames)
            let last = random.pick(Self.companyLastNames)
            let terms = random.weighted([(0, 3), (15, 3), (30, 5), (45, 1), (60, 1)])
            let domain =
                seed.name.lowercased().split(separator: " ").prefix(2)
                .map { $0.filter { $0.isASCII && ($0.isLetter || $0.isNumber) } }.joined() + ".example.com"
            let local = "\(first).\(last)".lowercased().filter { $0.isASCII && ($0.isLetter || $0 == ".") }
            let email = "\(local)@\(domain)"
            let created = today.adding(days: -(560 + position * 3))
            let context = RequestContext(
                method: "SEED", parameters: [], query: [], body: [:], today: today, timestamp: stamp(created))
            let body: JSONObject = [
                "display_name": .string(seed.name), "company_name": .string(seed.name), "first_name": .string(first),
                "last_name": .string(last), "email": .string(email),
                "phone": .string("+\(seed.currency == "USD" ? "1 555" : "44 20") 01\(pad(position, 2))"),
                "currency_code": .string(seed.currency), "payment_terms": .int(terms),
                "payment_terms_label": .string(terms == 0 ? "Due on Receipt" : "Net \(terms)"),
                "website": .string("https://\(domain)"),
                "billing_address": [
                    "attention": .string("\(first) \(last)"), "street": .string("\(100 + position * 7) Market Street"),
                    "city": .string(seed.city), "state": .string(seed.region),
                    "zip": .string(pad(10_000 + position, 5)),
                    "country": .string(seed.country),
                ],
            ]
            guard let row = try? insertCustomer(body, context: context), let id = row.string("customer_id") else {
                continue
            }
            _ = try? insertContactPerson(
                [
                    "first_name": .string(first), "last_name": .string(last), "email": .string(email),
                    "designation": .string(random.pick(["Owner", "Finance Manager", "Office Manager", "Controller"])),
                ], customerID: id, timestamp: context.timestamp)
            book.append(
                CompanyAccount(
                    customer: customers[id] ?? row, card: pad(random.int(0...9999), 4),
                    declineMessage: random.pick(Self.companyDeclineMessages)))
        }
        return book
    }

    // MARK: Subscriptions and their invoices

    private mutating func seedCompanySubscription(
        status: String, account: CompanyAccount, today: CalendarDate, random: inout SeededGenerator
    ) {
        let customer = account.customer
        let trialing = ["trial", "trial_expired"].contains(status)
        let code =
            trialing
            ? random.weighted([("pro-monthly", 3), ("enterprise-monthly", 1)])
            : random.weighted([
                ("basic-monthly", 30), ("pro-monthly", 25), ("pro-annual", 10), ("basic-annual", 8),
                ("team-weekly", 10), ("enterprise-monthly", 10), ("enterprise-annual", 7),
            ])
        guard let plan = plans[code] else { return }
        let unit = plan.string("interval_unit") ?? "months"
        let weekly = unit == "weeks"
        let perOrganization = plan.string("unit") == "organization"
        let quantity =
            perOrganization ? 1 : (weekly ? random.int(1...6) : random.weighted([(1, 3), (3, 3), (8, 2), (20, 1)]))
        guard var line = try? planLine(["plan_code": .string(code), "quantity": .int(quantity)]) else { return }
        var addonRequests: [JSONObject] = []
        if !weekly, random.chance(25) {
            addonRequests.append(["addon_code": "extra-seat", "quantity": .int(random.int(1...5))])
        }
        if !weekly, random.chance(10) { addonRequests.append(["addon_code": "priority-support"]) }
        if random.chance(8) {
            addonRequests.append(["addon_code": "extra-storage", "quantity": .int(random.int(1...4))])
        }
        let addonItems = (try? addonLines(addonRequests)) ?? []
        let coupon = random.chance(12) ? coupons[random.pick(["LOYAL15", "PARTNER50"])] : nil
        let failing = ["dunning", "unpaid", "cancelled_from_dunning", "creation_failed"].contains(status)
        let autoCollect = failing || random.chance(65)
        let intervalDays = weekly ? 7 : (unit == "years" ? 365 : 30)

        // When it started, and the day its billing stopped (exclusive) if it did.
        var activation: CalendarDate
        var stop = today.adding(days: 1)
        var ended: CalendarDate?
        let trialDays = line["trial_days"]?.decimalValue?.intValue ?? 0
        switch status {
        case "trial":
            activation = today.adding(days: -random.int(0...(trialDays - 1)))
        case "trial_expired":
            activation = today.adding(days: -random.int((trialDays + 3)...200))
        case "future":
            activation = today.adding(days: random.int(3...45))
        case "creation_failed":
            activation = today.adding(days: -random.int(1...90))
        case "expired":
            let cycles = unit == "years" ? 1 : random.int(3...12)
            let expiry = today.adding(days: -random.int(5...150))
            activation = expiry.adding(interval: -cycles, unit: unit)
            line["billing_cycles"] = .int(cycles)
            stop = expiry
            ended = expiry
        default:
            let oldest = weekly ? 120 : 540
            let youngest =
                ["cancelled", "cancelled_from_dunning", "paused", "unpaid"].contains(status) ? intervalDays * 2 : 3
            // Most spread evenly over eighteen months, the rest leaning recent: a growing business.
            let floor = min(youngest, oldest)
            let age = random.chance(70) ? random.int(floor...oldest) : random.int(floor...random.int(floor...oldest))
            activation = today.adding(days: -age)
            if ["cancelled", "cancelled_from_dunning", "paused"].contains(status) {
                let from = activation.adding(days: intervalDays).dayNumber
                let end = CalendarDate(dayNumber: random.int(min(from, today.dayNumber - 1)...(today.dayNumber - 1)))
                stop = end
                ended = end
            }
        }
        if status != "trial", status != "trial_expired", status != "future", trialDays > 0 {
            // Subscribers who never trialled: the trial is waived, as a sales-led sign-up would.
            line["trial_days"] = 0
        }
        let created = status == "future" ? today.adding(days: -random.int(0...20)) : activation
        var row = makeSubscription(
            customer: customer, plan: plan, planLine: line, addons: addonItems, coupon: coupon,
            autoCollect: autoCollect, paymentTerms: nil, body: [:], createdOn: created, timestamp: stamp(created))
        let id = row.string("subscription_id") ?? ""
        addActivity(id, "Subscription created", timestamp: stamp(created))

        switch status {
        case "trial", "trial_expired":
            let trialEnd = activation.adding(days: trialDays)
            row["status"] = .string(status)
            row["trial_starts_at"] = .string(activation.description)
            row["trial_ends_at"] = .string(trialEnd.description)
            row["trial_remaining_days"] = .int(max(0, trialEnd.dayNumber - today.dayNumber))
            row["current_term_starts_at"] = .string(activation.description)
            row["current_term_ends_at"] = .string(trialEnd.adding(days: -1).description)
            if status == "trial" {
                row["next_billing_at"] = .string(trialEnd.description)
            } else {
                row["expires_at"] = .string(trialEnd.description)
                addActivity(id, "Trial expired", timestamp: stamp(trialEnd))
            }
            subscriptions[id] = row
            return
        case "future":
            row["status"] = "future"
            row["starts_at"] = .string(activation.description)
            row["next_billing_at"] = .string(activation.description)
            subscriptions[id] = row
            return
        case "creation_failed":
            row["status"] = "creation_failed"
            subscriptions[id] = row
            recordFailedCharges(
                account: account, cents: Self.cents(row["amount"]), reference: row.string("subscription_number") ?? "",
                from: activation, attempts: 1, today: today)
            return
        default:
            break
        }

        // Bill every term from activation until billing stopped.
        var starts: [CalendarDate] = []
        var start = activation
        while start < stop {
            starts.append(start)
            start = start.adding(interval: 1, unit: unit)
        }
        // What every term bills: the plan and the recurring addons, less the coupon; in cents.
        var lines: [CompanyLine] = []
        if let plan = row["plan"]?.objectValue {
            lines.append(
                CompanyLine(
                    name: plan.string("name") ?? "Plan", code: plan.string("plan_code"),
                    rate: Self.cents(plan["price"]),
                    quantity: plan["quantity"]?.decimalValue?.intValue ?? 1, description: nil))
        }
        for addon in row["addons"]?.arrayValue ?? [] {
            guard let object = addon.objectValue else { continue }
            lines.append(
                CompanyLine(
                    name: object.string("name") ?? "Addon", code: object.string("addon_code"),
                    rate: Self.cents(object["price"]), quantity: object["quantity"]?.decimalValue?.intValue ?? 1,
                    description: object.string("addon_description") ?? ""))
        }
        let setupFee = Self.cents(row["plan"]?["setup_fee"])
        let couponLine = row["coupon"]
        let discount = Self.cents(couponLine?["discount_amount"])
        let terms = max(0, row["payment_terms"]?.decimalValue?.intValue ?? 0)
        var lastInvoice: JSONObject = [:]
        var lastFailure: CalendarDate?
        for (position, termStart) in starts.enumerated() {
            let termEnd = termStart.adding(interval: 1, unit: unit)
            var termLines = lines
            if !termLines.isEmpty {
                termLines[0].description =
                    "Charges for this duration (from \(termStart) to \(termEnd.adding(days: -1)))"
            }
            if position == 0, setupFee > 0 {
                termLines.insert(
                    CompanyLine(
                        name: "Setup fee - \(lines.first?.name ?? "plan")", code: nil, rate: setupFee, quantity: 1,
                        description: nil), at: min(1, termLines.count))
            }
            let total = termLines.reduce(0) { $0 + $1.rate * $1.quantity } - (discount > 0 ? discount : 0)
            let fromEnd = starts.count - 1 - position
            let due = termStart.adding(days: terms)
            var settlement = CompanySettlement()
            switch (status, fromEnd) {
            case ("dunning", 0): settlement.failedAttempts = random.int(1...3)
            case ("unpaid", 0), ("unpaid", 1): settlement.failedAttempts = 4
            case ("cancelled_from_dunning", 0):
                if random.chance(50) { settlement.writeOff = true } else { settlement.failedAttempts = 4 }
            case (_, 0) where due >= today:
                if autoCollect || random.chance(40) { settlement.pay(total, on: termStart, auto: autoCollect) }
            case (_, 0), (_, 1):
                switch random.int(0...99) {
                case 0..<80:
                    settlement.pay(
                        total, on: Self.paidDate(termStart, due, autoCollect, today, &random), auto: autoCollect)
                case 80..<92: break
                default:
                    settlement.payShare(
                        of: total, percent: random.int(30...70),
                        on: min(termStart.adding(days: random.int(3...20)), today))
                }
            default:
                switch random.int(0...99) {
                case 0..<96:
                    settlement.pay(
                        total, on: Self.paidDate(termStart, due, autoCollect, today, &random), auto: autoCollect)
                case 96..<98:
                    settlement.payShare(
                        of: total, percent: random.int(30...70),
                        on: min(termStart.adding(days: random.int(3...20)), today))
                case 98: break
                default: settlement.writeOff = true
                }
            }
            lastInvoice = companyInvoice(
                account: account, date: termStart, terms: terms, lines: termLines, discount: discount,
                coupon: discount > 0 ? couponLine : nil, transactionType: position == 0 ? "new" : "renewal",
                subscriptionID: id, settlement: settlement, random: &random)
            if settlement.failedAttempts > 0 {
                lastFailure = recordFailedCharges(
                    account: account, cents: total, reference: lastInvoice.string("invoice_number") ?? "",
                    from: termStart, attempts: settlement.failedAttempts, today: today)
            }
        }

        // The subscription's dates as its last term left them.
        guard let lastStart = starts.last else {
            subscriptions[id] = row
            return
        }
        let lastEnd = lastStart.adding(interval: 1, unit: unit)
        row["status"] = .string(status)
        row["activated_at"] = .string(activation.description)
        row["current_term_starts_at"] = .string(lastStart.description)
        row["current_term_ends_at"] = .string(lastEnd.adding(days: -1).description)
        row["last_billing_at"] = .string(lastStart.description)
        row["next_billing_at"] = .string(lastEnd.description)
        row["child_invoice_id"] = lastInvoice["invoice_id"] ?? .null
        switch status {
        case "non_renewing":
            row["expires_at"] = .string(lastEnd.adding(days: -1).description)
            row["scheduled_cancellation_date"] = .string(lastEnd.description)
            addActivity(id, "Subscription set to cancel at the end of the term", timestamp: stamp(lastStart))
        case "dunning":
            let retry = max((lastFailure ?? today).adding(days: 3), today.adding(days: 1))
            row["next_retry_at"] = .string(retry.description)
            addActivity(id, "Payment failed for the renewal invoice", timestamp: stamp(lastFailure ?? lastStart))
        case "unpaid":
            row["next_billing_at"] = ""
            addActivity(id, "Subscription marked unpaid after the payment retries ran out", timestamp: stamp(lastStart))
        case "cancelled", "cancelled_from_dunning":
            let when = ended ?? today
            row["cancelled_at"] = .string(when.description)
            row["expires_at"] = .string(when.description)
            row["next_billing_at"] = ""
            if status == "cancelled_from_dunning" { row["source"] = "scheduler" }
            addActivity(
                id,
                status == "cancelled"
                    ? "Subscription cancelled" : "Subscription cancelled after failed payment retries",
                timestamp: stamp(when))
        case "expired":
            row["expires_at"] = .string((ended ?? lastEnd).description)
            row["next_billing_at"] = ""
            addActivity(id, "Subscription expired after its last billing cycle", timestamp: stamp(ended ?? lastEnd))
        case "paused":
            row["next_billing_at"] = ""
            addActivity(id, "Subscription paused", timestamp: stamp(ended ?? lastStart))
        default:
            break
        }
        subscriptions[id] = row
    }

    // MARK: Invoice and payment rows

    /// One line of a generated invoice, with money in cents.
    struct CompanyLine {
        var name: String
        var code: String?
        var rate: Int
        var quantity: Int
        var description: String?
        /// The rate as written in the catalogue, when its digits matter (`225.00`).
        var rateText: JSONValue?
    }

    /// How a generated invoice ends up: the payments applied to it, whether the rest was written off or the
    /// invoice voided, and how many automatic charges for it were declined.
    struct CompanySettlement {
        var payments: [(cents: Int, date: CalendarDate, auto: Bool)] = []
        var writeOff = false
        var void = false
        var failedAttempts = 0

        mutating func pay(_ cents: Int, on date: CalendarDate, auto: Bool) {
            payments.append((cents, date, auto))
        }

        /// A payment of `percent` of `total`, rounded half up to the cent.
        mutating func payShare(of total: Int, percent: Int, on date: CalendarDate) {
            payments.append(((total * percent + 50) / 100, date, false))
        }
    }

    /// When a customer paid: the day of the charge for automatic collection, else some days after the invoice,
    /// rarely after its due date, never after today.
    static func paidDate(
        _ issued: CalendarDate, _ due: CalendarDate, _ auto: Bool, _ today: CalendarDate,
        _ random: inout SeededGenerator
    ) -> CalendarDate {
        let delay = auto ? 0 : random.int(0...max(0, min(25, due.dayNumber - issued.dayNumber + 5)))
        return min(issued.adding(days: delay), today)
    }

    /// An amount in cents as Zoho writes it: `29`, `12.5`, `1234.56`.
    static func money(_ cents: Int) -> JSONValue {
        let whole = abs(cents) / 100
        let part = abs(cents) % 100
        let sign = cents < 0 ? "-" : ""
        let text =
            part == 0
            ? "\(sign)\(whole)" : part % 10 == 0 ? "\(sign)\(whole).\(part / 10)" : "\(sign)\(whole).\(pad(part, 2))"
        return .number(JSONNumber(text: text) ?? JSONNumber(0))
    }

    /// A stored amount in cents (the demo data has at most two decimals).
    static func cents(_ value: JSONValue?) -> Int {
        guard case .number(let number)? = value else { return 0 }
        let parts = number.text.split(separator: ".", maxSplits: 1)
        let whole = parts.first.flatMap { Int($0) } ?? 0
        var fraction = 0
        if parts.count > 1 {
            let digits = Array(parts[1].prefix(2))
            fraction = (Int(String(digits)) ?? 0) * (digits.count == 1 ? 10 : 1)
        }
        return whole * 100 + (number.text.hasPrefix("-") ? -fraction : fraction)
    }

    /// Stores an invoice already in its final state, with its payments: the same row `insertInvoice` and
    /// `applyPayment` would leave, built in one go because the demo company raises a thousand of them at start-up.
    private mutating func companyInvoice(
        account: CompanyAccount, date: CalendarDate, terms: Int, lines: [CompanyLine], discount: Int = 0,
        coupon: JSONValue? = nil, transactionType: String, subscriptionID: String? = nil, draft: Bool = false,
        settlement: CompanySettlement, random: inout SeededGenerator
    ) -> JSONObject {
        let customer = account.customer
        let id = nextID()
        let number = nextNumber("INV")
        var items: [JSONValue] = []
        var subTotal = 0
        for line in lines {
            let lineTotal = line.rate * line.quantity
            subTotal += lineTotal
            let rate = line.rateText ?? Self.money(line.rate)
            var item: JSONObject = [
                "item_id": .string(nextID()), "name": .string(line.name), "price": rate, "rate": rate,
                "quantity": .int(line.quantity), "item_total": Self.money(lineTotal), "discount_amount": 0,
            ]
            if let code = line.code { item["code"] = .string(code) }
            if let description = line.description { item["description"] = .string(description) }
            items.append(.object(item))
        }
        let total = subTotal - discount
        let created = stamp(date)
        var updated = created
        var paid = 0
        var entries: [JSONValue] = []
        var lastPaid: CalendarDate?
        for payment in settlement.payments where payment.cents > 0 && paid + payment.cents <= total {
            paid += payment.cents
            let (row, entry) = companyPayment(
                account: account, invoice: (id, number, date, total), cents: payment.cents, balance: total - paid,
                on: payment.date, auto: payment.auto, random: &random)
            entries.append(entry)
            lastPaid = payment.date
            updated = row.string("created_time") ?? updated
        }
        let writeOff = settlement.writeOff ? total - paid : 0
        let balance = settlement.void ? 0 : total - paid - writeOff
        let status =
            settlement.void
            ? "void" : draft ? "draft" : balance <= 0 ? "paid" : paid > 0 ? "partially_paid" : "sent"
        let due = date.adding(days: terms)
        var row: JSONObject = [
            "invoice_id": .string(id), "invoice_number": .string(number), "number": .string(number),
            "status": .string(status), "date": .string(date.description), "invoice_date": .string(date.description),
            "due_date": .string(due.description), "payment_terms": .int(terms),
            "payment_terms_label": .string(terms == 0 ? "Due on Receipt" : "Net \(terms)"),
            "customer_id": customer["customer_id"] ?? .null, "customer_name": customer["display_name"] ?? .null,
            "email": customer["email"] ?? .null, "invoice_items": .array(items), "sub_total": Self.money(subTotal),
            "shipping_charge": 0, "adjustment": 0, "total": Self.money(total), "payment_made": Self.money(paid),
            "credits_applied": 0, "write_off_amount": Self.money(writeOff), "balance": Self.money(balance),
            "payments": .array(entries), "credits": [],
            "coupons": coupon.map { [$0] } ?? [], "transaction_type": .string(transactionType), "exchange_rate": 1,
            "is_emailed": false, "price_precision": 2,
            "invoice_url": .string("https://billing.example.com/portal/\(info.id)/invoices/\(id)"),
            "created_time": .string(created), "updated_time": .string(updated),
        ]
        row.merge(currencyFields(for: customer), fields: ["currency_code", "currency_symbol"])
        row.merge(customer, fields: ["billing_address", "shipping_address"])
        if let subscriptionID { row["subscriptions"] = [["subscription_id": .string(subscriptionID)]] }
        if let lastPaid { row["last_payment_date"] = .string(lastPaid.description) }
        if writeOff > 0 { row["write_off_reason"] = "Uncollectible after repeated reminders" }
        invoices[id] = row
        return row
    }

    /// Stores a successful payment applied to one invoice (the row `insertPayment` would store) and returns it
    /// with the entry the invoice lists it under.
    private mutating func companyPayment(
        account: CompanyAccount, invoice: (id: String, number: String, date: CalendarDate, total: Int), cents: Int,
        balance: Int, on date: CalendarDate, auto: Bool, random: inout SeededGenerator
    ) -> (row: JSONObject, entry: JSONValue) {
        let customer = account.customer
        let id = nextID()
        let timestamp = stamp(date, hour: 11)
        let mode =
            auto
            ? "autotransaction"
            : random.weighted([
                ("banktransfer", 50), ("check", 20), ("creditcard", 20), ("cash", 5), ("bankremittance", 5),
            ])
        var row: JSONObject = [
            "payment_id": .string(id), "payment_number": .string(nextNumber("PMT")), "payment_mode": .string(mode),
            "amount": Self.money(cents), "amount_refunded": 0, "bank_charges": 0, "exchange_rate": 1,
            "unused_amount": 0, "date": .string(date.description), "status": "success",
            "customer_id": customer["customer_id"] ?? .null, "customer_name": customer["display_name"] ?? .null,
            "email": customer["email"] ?? .null, "created_time": .string(timestamp), "updated_time": .string(timestamp),
            "description": .string("Payment for \(invoice.number)"),
            "invoices": [
                [
                    "invoice_id": .string(invoice.id), "invoice_number": .string(invoice.number),
                    "date": .string(invoice.date.description), "invoice_amount": Self.money(invoice.total),
                    "amount_applied": Self.money(cents), "balance_amount": Self.money(balance),
                ]
            ],
        ]
        row.merge(currencyFields(for: customer), fields: ["currency_code", "currency_symbol"])
        if auto {
            row["autotransaction"] = [
                "payment_gateway": "stripe", "last_four_digits": .string(account.card),
                "gateway_transaction_id": .string("ch_\(invoice.id)_\(id.suffix(4))"),
            ]
        } else {
            let prefix = ["check": "CHK", "creditcard": "CARD", "cash": "CASH"][mode] ?? "WIRE"
            row["reference_number"] = .string("\(prefix)-\(pad(random.int(1000...9999), 4))")
        }
        payments[id] = row
        let entry: JSONValue = [
            "payment_id": .string(id), "invoice_payment_id": .string(nextID()), "payment_mode": .string(mode),
            "date": .string(date.description), "reference_number": row["reference_number"] ?? .null,
            "description": row["description"] ?? .null, "amount": Self.money(cents),
        ]
        return (row, entry)
    }

    /// Records `attempts` declined automatic charges three days apart (none after `today`); returns the last date.
    @discardableResult
    private mutating func recordFailedCharges(
        account: CompanyAccount, cents: Int, reference: String, from start: CalendarDate, attempts: Int,
        today: CalendarDate
    ) -> CalendarDate? {
        var last: CalendarDate?
        for attempt in 0..<attempts {
            let date = start.adding(days: attempt * 3)
            guard date <= today else { break }
            var failed = insertPayment(
                customer: account.customer, amount: (Decimal(cents) / 100, Self.money(cents)), mode: "autotransaction",
                date: date, applications: [],
                extra: [
                    "reference_number": .string(reference),
                    "description": .string("Automatic charge for \(reference) failed"),
                    "autotransaction": [
                        "payment_gateway": "stripe", "last_four_digits": .string(account.card),
                        "gateway_error_message": .string(account.declineMessage),
                    ],
                ], timestamp: stamp(date, hour: 3))
            // A declined charge moves no money: nothing applied and nothing left as credit.
            failed["status"] = "failure"
            failed["unused_amount"] = 0
            failed["gateway_error_message"] = .string(account.declineMessage)
            payments[failed.string("payment_id") ?? ""] = failed
            last = date
        }
        return last
    }

    // MARK: One-off invoices, credit notes and refunds

    private mutating func seedCompanyOneOffInvoices(
        book: [CompanyAccount], today: CalendarDate, random: inout SeededGenerator
    ) {
        let services: [(name: String, rate: Int, text: JSONValue, description: String)] = [
            ("Implementation consulting", 15000, 150, "Hourly consulting"),
            ("Data migration", 49900, 499, "One-time import of existing records"),
            ("Custom report design", 22500, .amount("225.00"), "Report built to the customer's specification"),
            ("On-site training day", 120_000, 1200, "Full-day workshop for up to twelve people"),
            ("Onboarding session", 14900, 149, "Remote onboarding, two hours"),
            ("API integration support", 17550, .amount("175.50"), "Hourly engineering support"),
        ]
        for number in 0..<70 {
            let account = random.pick(book)
            let service = random.pick(services)
            let quantity =
                service.name.hasSuffix("consulting") || service.name.hasSuffix("support") ? random.int(2...16) : 1
            let line = CompanyLine(
                name: service.name, code: nil, rate: service.rate, quantity: quantity,
                description: service.description, rateText: service.text)
            let draft = number < 14
            let date = today.adding(days: -(draft ? random.int(0...10) : random.int(1...540)))
            let terms = max(0, account.customer["payment_terms"]?.decimalValue?.intValue ?? 0)
            let total = service.rate * quantity
            var settlement = CompanySettlement()
            if !draft {
                switch random.int(0...99) {
                case 0..<60:
                    settlement.pay(total, on: min(date.adding(days: random.int(0...terms)), today), auto: false)
                case 60..<80: break
                case 80..<90:
                    settlement.payShare(of: total, percent: 50, on: min(date.adding(days: random.int(1...10)), today))
                default: settlement.void = true
                }
            }
            _ = companyInvoice(
                account: account, date: date, terms: terms, lines: [line], transactionType: "invoice", draft: draft,
                settlement: settlement, random: &random)
        }
    }

    private mutating func seedCompanyCredits(book: [CompanyAccount], today: CalendarDate, random: inout SeededGenerator)
    {
        // Credit notes: goodwill credits still open, credits already applied to an open invoice, and a few voided.
        let reasons = ["Service outage credit", "Duplicate charge", "Downgrade mid-term", "Goodwill credit"]
        for number in 0..<30 {
            let account = random.pick(book)
            let customerID = account.customer.string("customer_id") ?? ""
            let date = today.adding(days: -random.int(1...400))
            let amount = Decimal(random.pick([10, 15, 25, 29, 49, 50, 99, 120]))
            let id = nextID()
            var note: JSONObject = [
                "creditnote_id": .string(id), "creditnote_number": .string(nextNumber("CN")),
                "customer_id": .string(customerID), "customer_name": account.customer["display_name"] ?? .null,
                "email": account.customer["email"] ?? .null, "date": .string(date.description),
                "reference_number": .string(random.pick(reasons)), "total": .decimal(amount),
                "balance": .decimal(amount), "status": "open", "created_time": .string(stamp(date)),
                "updated_time": .string(stamp(date)),
            ]
            note.merge(currencyFields(for: account.customer), fields: ["currency_code", "currency_symbol"])
            if number % 10 == 9 {
                note["status"] = "void"
                note["balance"] = 0
            } else if number % 3 == 0,
                var open = invoices.all.first(where: {
                    $0.string("customer_id") == customerID && isOpen($0) && $0.amount("balance") >= amount
                })
            {
                // Applied in full to the customer's oldest open invoice it fits.
                let invoiceID = open.string("invoice_id") ?? ""
                var credits = open["credits"]?.arrayValue ?? []
                credits.append([
                    "creditnote_id": .string(id), "creditnotes_number": note["creditnote_number"] ?? .null,
                    "credited_date": .string(date.description), "credited_amount": .decimal(amount),
                ])
                open["credits"] = .array(credits)
                open["credits_applied"] = .decimal(open.amount("credits_applied") + amount)
                settle(&open)
                invoices[invoiceID] = open
                note["balance"] = 0
                note["status"] = "closed"
                note["invoice_id"] = .string(invoiceID)
            }
            creditNotes[id] = note
        }
        // Refunds: part of a few card payments went back to the customer.
        var refunded = 0
        for var payment in payments.all where refunded < 6 {
            guard payment.string("status") == "success", payment.string("payment_mode") == "creditcard",
                payment.string("currency_code") != nil, random.chance(10)
            else { continue }
            let share = Amount.round(payment.amount("amount") / 4)
            guard share > 0 else { continue }
            let paymentID = payment.string("payment_id") ?? ""
            let date = (payment.string("date").flatMap(CalendarDate.init(parsing:)) ?? today).adding(days: 7)
            guard date <= today else { continue }
            let id = nextID()
            var refund: JSONObject = [
                "refund_id": .string(id), "payment_id": .string(paymentID), "date": .string(date.description),
                "amount": .decimal(share), "refund_mode": "creditcard", "status": "success",
                "customer_id": payment["customer_id"] ?? .null, "customer_name": payment["customer_name"] ?? .null,
                "description": "Partial refund for a billing error", "created_time": .string(stamp(date)),
            ]
            refund.merge(currencyFields(for: payment), fields: ["currency_code", "currency_symbol"])
            refunds[id] = refund
            payment["amount_refunded"] = .decimal(share)
            payments[paymentID] = payment
            refunded += 1
        }
    }
}
