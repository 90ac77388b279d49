import JSONCore
import PlatformSupport

// MARK: - Hosted pages: /hostedpages, /hostedpages/{id} and the seven kinds of page

extension OrganizationData {
    static let hostedPageRowFields: Set<String> = [
        "hostedpage_id", "status", "url", "action", "expiring_time", "created_time",
    ]

    /// Stores a fresh page and returns it. Zoho's ids are 64 hex digits; these are derived from the organization
    /// and a sequence number, so they are the same on every run. Pages expire an hour after they are made.
    ///
    /// - Parameters:
    ///   - action: what the customer does on the page (`new_subscription`, `invoice_payment`, ...).
    ///   - links: the records the page is about (`customer_id`, `subscription_id`, `invoice_id`).
    ///   - request: the request body the page was made from, kept for the page's outcome.
    mutating func insertHostedPage(
        action: String, links: JSONObject, request: JSONObject, status: String = "fresh", timestamp: String
    ) -> JSONObject {
        let id = SHA256.hex("\(info.id)/hostedpage/\(nextID())")
        var row: JSONObject = [
            "hostedpage_id": .string(id),
            "status": .string(status),
            "url": .string("https://billing.zoho.com/hostedpage/2-\(id)/checkout"),
            "action": .string(action),
            "expiring_time": .string(Self.oneHourLater(timestamp)),
            "created_time": .string(timestamp),
            "data": [:],
            "_request": .object(request),
        ]
        for (key, value) in links { row[key] = value }
        hostedPages[id] = row
        return row
    }

    /// The `created` reply every page-making call gives: the page as Zoho's create answers show it.
    private func hostedPageReply(_ row: JSONObject) -> APIReply {
        .created(
            "Hosted page has been created successfully.",
            ["hostedpage": .object(row.filter { Self.hostedPageRowFields.contains($0.key) })])
    }

    /// `2016-06-05T23:10:16-0700` one hour on, in the same offset.
    static func oneHourLater(_ timestamp: String) -> String {
        let characters = Array(timestamp)
        guard characters.count >= 19, let day = CalendarDate(parsing: String(characters[0..<10])),
            let hour = Int(String(characters[11..<13]))
        else { return timestamp }
        let next = hour + 1
        let date = next == 24 ? day.adding(days: 1) : day
        return "\(date)T\(pad(next % 24, 2))\(String(characters[13...]))"
    }

    private func checkRedirect(_ body: JSONObject) throws {
        guard let url = try body.optionalString("redirect_url") else { return }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw APIError.invalid("redirect_url", "Pass a full http or https URL.")
        }
    }

    /// The subscription named in the body, which must still be running.
    private func pageSubscription(_ body: JSONObject) throws -> JSONObject {
        let id = try body.requiredID("subscription_id")
        guard let row = subscriptions[id] else {
            throw APIError.unknownReference("The subscription", field: "subscription_id")
        }
        guard !Self.endedStatuses.contains(row.string("status") ?? "") else {
            throw APIError.state("A hosted page cannot be created for a cancelled or expired subscription.")
        }
        return row
    }

    private func checkCoupon(_ body: JSONObject) throws {
        guard let code = try body.optionalString("coupon_code") else { return }
        guard let coupon = coupons[code] else { throw APIError.unknownReference("The coupon", field: "coupon_code") }
        guard coupon.string("status") == "active" else {
            throw APIError.invalid("coupon_code", "The coupon has expired.")
        }
    }

    /// Two pages the demo customers have already used: a card update that went through, and a payment link
    /// opened yesterday for an open invoice but not paid yet.
    mutating func seedHostedPages(today: CalendarDate) {
        if let live = subscriptions.all.first(where: { $0.string("status") == "live" }),
            let id = live.string("subscription_id")
        {
            var page = insertHostedPage(
                action: "update_card",
                links: ["subscription_id": .string(id), "customer_id": live["customer_id"] ?? .null],
                request: ["subscription_id": .string(id)], status: "success",
                timestamp: stamp(today.adding(days: -5), hour: 14))
            page["data"] = ["subscription": .object(subscriptionView(live))]
            hostedPages[page.string("hostedpage_id") ?? ""] = page
        }
        if let open = invoices.all.first(where: { isOpen($0) }), let id = open.string("invoice_id") {
            _ = insertHostedPage(
                action: "invoice_payment",
                links: ["invoice_id": .string(id), "customer_id": open["customer_id"] ?? .null],
                request: ["invoice_id": .string(id)], status: "read", timestamp: stamp(today.adding(days: -1), hour: 11)
            )
        }
    }

    // MARK: Handlers

    mutating func listHostedPages(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: ["created_time", "expiring_time", "status", "action"])
        let rows = hostedPages.all.map { $0.filter { Self.hostedPageRowFields.contains($0.key) } }
        return listReply(
            key: "hosted_pages", rows: rows, options: options, appliedFilter: "Status.All",
            reportName: "Hosted pages")
    }

    /// Zoho answers this one without a resource key: the page's fields sit beside `code` and `message`.
    mutating func getHostedPage(_ context: inout RequestContext) throws -> APIReply {
        guard let row = hostedPages[context.parameter(0)] else { throw APIError.notFound("Hosted page") }
        return .ok("success", row.publicView)
    }

    mutating func createNewSubscriptionPage(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        var links: JSONObject = [:]
        if let customerID = try body.optionalID("customer_id") {
            _ = try referencedCustomer(customerID)
            links["customer_id"] = .string(customerID)
        } else if let customer = try body.optionalObject("customer") {
            _ = try customer.requiredString("display_name", label: "customer.display_name")
            let email = try customer.requiredString("email", label: "customer.email")
            guard isPlausibleEmail(email) else { throw APIError.invalid("customer.email") }
        } else {
            throw APIError.missing("customer_id")
        }
        guard let plan = try body.optionalObject("plan") else { throw APIError.missing("plan") }
        let line = try planLine(plan)
        links["plan_code"] = line["plan_code"] ?? .null
        _ = try addonLines(try body.optionalObjects("addons") ?? [])
        try checkCoupon(body)
        _ = try body.optionalDate("starts_at")
        try checkRedirect(body)
        return hostedPageReply(
            insertHostedPage(action: "new_subscription", links: links, request: body, timestamp: context.timestamp))
    }

    mutating func createUpdateSubscriptionPage(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let subscription = try pageSubscription(body)
        guard let plan = try body.optionalObject("plan") else { throw APIError.missing("plan") }
        let line = try planLine(plan)
        _ = try addonLines(try body.optionalObjects("addons") ?? [])
        try checkCoupon(body)
        try checkRedirect(body)
        let links: JSONObject = [
            "subscription_id": subscription["subscription_id"] ?? .null,
            "customer_id": subscription["customer_id"] ?? .null, "plan_code": line["plan_code"] ?? .null,
        ]
        return hostedPageReply(
            insertHostedPage(action: "update_subscription", links: links, request: body, timestamp: context.timestamp))
    }

    mutating func createUpdateCardPage(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let subscription = try pageSubscription(body)
        try checkRedirect(body)
        let links: JSONObject = [
            "subscription_id": subscription["subscription_id"] ?? .null,
            "customer_id": subscription["customer_id"] ?? .null,
        ]
        return hostedPageReply(
            insertHostedPage(action: "update_card", links: links, request: body, timestamp: context.timestamp))
    }

    mutating func createOneTimeAddonPage(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let subscription = try pageSubscription(body)
        guard let addons = try body.optionalObjects("addons"), !addons.isEmpty else { throw APIError.missing("addons") }
        _ = try addonLines(addons)
        try checkCoupon(body)
        try checkRedirect(body)
        let links: JSONObject = [
            "subscription_id": subscription["subscription_id"] ?? .null,
            "customer_id": subscription["customer_id"] ?? .null,
        ]
        return hostedPageReply(
            insertHostedPage(action: "one_time_addon", links: links, request: body, timestamp: context.timestamp))
    }

    mutating func createAddPaymentMethodPage(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let customerID = try body.requiredID("customer_id")
        _ = try referencedCustomer(customerID)
        try checkRedirect(body)
        return hostedPageReply(
            insertHostedPage(
                action: "add_payment_method", links: ["customer_id": .string(customerID)], request: body,
                timestamp: context.timestamp))
    }

    mutating func createInvoicePaymentPage(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let invoiceID = try body.requiredID("invoice_id")
        guard let invoice = invoices[invoiceID] else {
            throw APIError.unknownReference("The invoice", field: "invoice_id")
        }
        guard isOpen(invoice) else {
            switch invoice.string("status") ?? "" {
            case "draft": throw APIError.state("A draft invoice cannot be paid online. Mark it as sent first.")
            case "void": throw APIError.state("A void invoice cannot be paid.")
            default: throw APIError.state("The invoice has already been paid.")
            }
        }
        try checkRedirect(body)
        let links: JSONObject = [
            "invoice_id": .string(invoiceID), "customer_id": invoice["customer_id"] ?? .null,
            "amount": invoice["balance"] ?? .null,
        ]
        return hostedPageReply(
            insertHostedPage(action: "invoice_payment", links: links, request: body, timestamp: context.timestamp))
    }

    mutating func createUpdatePaymentMethodPage(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        var given: [(key: String, id: String)] = []
        for key in ["card_id", "account_id", "paypal_id"] {
            if let id = try body.optionalID(key) { given.append((key, id)) }
        }
        guard let method = given.first else { throw APIError.missing("card_id") }
        guard given.count == 1 else {
            throw APIError.invalid(given[1].key, "Pass only one of card_id, account_id and paypal_id.")
        }
        guard method.id.allSatisfy(\.isNumber) else { throw APIError.invalid(method.key) }
        return hostedPageReply(
            insertHostedPage(
                action: "update_payment_method", links: [method.key: .string(method.id)], request: body,
                timestamp: context.timestamp))
    }
}
