#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Subscriptions: /subscriptions, /subscriptions/{id} and its actions

extension OrganizationData {
    static let subscriptionSortColumns: Set<String> = [
        "created_time", "activated_at", "next_billing_at", "name", "customer_name", "amount", "status",
    ]

    /// Statuses that end a subscription; most actions refuse them.
    static let endedStatuses: Set<String> = ["cancelled", "expired", "cancelled_from_dunning", "trial_expired"]

    /// The subscription named in the URL, or 404.
    func subscription(_ id: String) throws -> JSONObject {
        guard let row = subscriptions[id] else { throw APIError.notFound("Subscription") }
        return row
    }

    /// The full subscription, with the customer as it is now.
    func subscriptionView(_ row: JSONObject) -> JSONObject {
        var view = row.publicView
        if let customer = row.string("customer_id").flatMap({ customers[$0] }) {
            view["customer"] = .object(customerSummary(customer))
            view["customer_name"] = customer["display_name"] ?? .null
            view["email"] = customer["email"] ?? .null
        }
        return view
    }

    /// The shorter row `GET /subscriptions` returns.
    func subscriptionRow(_ row: JSONObject) -> JSONObject {
        var view = subscriptionView(row)
        for key in ["customer", "plan", "addons", "coupon", "notes", "custom_fields", "contactpersons"] {
            view[key] = nil
        }
        return view
    }

    mutating func addActivity(_ subscriptionID: String, _ description: String, timestamp: String) {
        activities[subscriptionID, default: []].append([
            "activity_id": .string(nextID()),
            "description": .string(description),
            "activity_time": .string(timestamp),
            "commented_by": "System",
        ])
    }

    // MARK: Pricing

    /// Builds the `plan` object of a subscription from the catalog plus the request's overrides.
    func planLine(_ body: JSONObject, label: String = "plan") throws -> JSONObject {
        let code = try body.requiredString("plan_code", label: "\(label).plan_code")
        guard let plan = plans[code] else { throw APIError.unknownReference("The plan", field: "\(label).plan_code") }
        guard plan.string("status") == "active" else {
            throw APIError.invalid("\(label).plan_code", "The plan \(code) is inactive.")
        }
        let quantity = try body.optionalAmount("quantity", label: "\(label).quantity") ?? (1, 1)
        guard quantity.value > 0 else {
            throw APIError.invalid("\(label).quantity", "The quantity must be more than zero.")
        }
        let price =
            try body.optionalAmount("price", label: "\(label).price")
            ?? (plan.amount("recurring_price"), plan["recurring_price"] ?? 0)
        guard price.value >= 0 else { throw APIError.invalid("\(label).price", "Prices cannot be negative.") }
        var setupFee =
            try body.optionalAmount("setup_fee", label: "\(label).setup_fee")
            ?? (plan.amount("setup_fee"), plan["setup_fee"] ?? 0)
        if try body.optionalBool("exclude_setup_fee", label: "\(label).exclude_setup_fee") == true {
            setupFee = (0, 0)
        }
        var trialDays =
            try body.optionalInt("trial_days", label: "\(label).trial_days")
            ?? plan.amount("trial_period").intValue
        if try body.optionalBool("exclude_trial", label: "\(label).exclude_trial") == true { trialDays = 0 }
        guard trialDays >= 0 else { throw APIError.invalid("\(label).trial_days") }
        var line: JSONObject = [
            "plan_code": .string(code),
            "plan_id": plan["plan_id"] ?? .null,
            "name": plan["name"] ?? .null,
            "quantity": quantity.json,
            "price": price.json,
            "discount": 0,
            "total": .decimal(Amount.round(price.value * quantity.value)),
            "setup_fee": setupFee.json,
            "plan_description": plan["description"] ?? "",
            "trial_days": .int(trialDays),
            "billing_cycles": plan["billing_cycles"] ?? -1,
        ]
        if let description = try body.optionalString("plan_description", label: "\(label).plan_description") {
            line["plan_description"] = .string(description)
        }
        if let cycles = try body.optionalInt("billing_cycles", label: "\(label).billing_cycles") {
            line["billing_cycles"] = .int(cycles)
        }
        return line
    }

    /// Builds `addons` lines from the catalog plus the request's overrides.
    func addonLines(_ raw: [JSONObject], label: String = "addons") throws -> [JSONObject] {
        try raw.enumerated().map { position, entry in
            let prefix = "\(label)[\(position)]"
            let code = try entry.requiredString("addon_code", label: "\(prefix).addon_code")
            guard let addon = addons[code] else {
                throw APIError.unknownReference("The addon", field: "\(prefix).addon_code")
            }
            let quantity = try entry.optionalAmount("quantity", label: "\(prefix).quantity") ?? (1, 1)
            guard quantity.value > 0 else {
                throw APIError.invalid("\(prefix).quantity", "The quantity must be more than zero.")
            }
            let price =
                try entry.optionalAmount("price", label: "\(prefix).price")
                ?? (addon.amount("price"), addon["price"] ?? 0)
            var line: JSONObject = [
                "addon_code": .string(code),
                "name": addon["name"] ?? .null,
                "addon_description": addon["description"] ?? "",
                "type": addon["type"] ?? "recurring",
                "quantity": quantity.json,
                "price": price.json,
                "discount": 0,
                "total": .decimal(Amount.round(price.value * quantity.value)),
            ]
            if let description = try entry.optionalString("addon_description", label: "\(prefix).addon_description") {
                line["addon_description"] = .string(description)
            }
            return line
        }
    }

    /// The active coupon with this code, or a 400 naming `field`.
    private func referencedCoupon(_ code: String, field: String) throws -> JSONObject {
        guard let coupon = coupons[code] else { throw APIError.unknownReference("The coupon", field: field) }
        guard coupon.string("status") == "active" else { throw APIError.invalid(field, "The coupon has expired.") }
        return coupon
    }

    private func discount(for coupon: JSONObject, on subTotal: Decimal) -> Decimal {
        let value = coupon.amount("discount_value")
        if coupon.string("discount_by") == "percentage" {
            return Amount.round(subTotal * value / 100)
        }
        return min(value, subTotal)
    }

    /// Recomputes `sub_total`, the coupon discount and `amount` from the plan and recurring addons.
    func priced(_ row: JSONObject) -> JSONObject {
        var row = row
        var subTotal = row["plan"]?.objectValue?.amount("total") ?? 0
        for addon in row["addons"]?.arrayValue ?? [] {
            guard let object = addon.objectValue, object.string("type") != "one_time" else { continue }
            subTotal += object.amount("total")
        }
        var amount = subTotal
        if var coupon = row["coupon"]?.objectValue, let code = coupon.string("coupon_code"),
            let definition = coupons[code]
        {
            let off = discount(for: definition, on: subTotal)
            coupon["discount_amount"] = .decimal(off)
            row["coupon"] = .object(coupon)
            amount -= off
        }
        row["sub_total"] = .decimal(subTotal)
        row["amount"] = .decimal(amount)
        return row
    }

    private func couponObject(_ coupon: JSONObject) -> JSONValue {
        .object([
            "coupon_code": coupon["coupon_code"] ?? .null,
            "coupon_name": coupon["name"] ?? .null,
            "discount_amount": 0,
        ])
    }

    /// Raises the invoice for a subscription's term (plan, addons, optional setup fee, coupon discount).
    mutating func raiseTermInvoice(
        for row: JSONObject, from start: CalendarDate, to end: CalendarDate, includeSetupFee: Bool,
        transactionType: String, timestamp: String
    ) throws -> JSONObject {
        guard let customer = row.string("customer_id").flatMap({ customers[$0] }) else {
            throw APIError.unknownReference("The customer", field: "customer_id")
        }
        var raw: [JSONObject] = []
        if let plan = row["plan"]?.objectValue {
            raw.append([
                "name": plan["name"] ?? "Plan",
                "code": plan["plan_code"] ?? .null,
                "rate": plan["price"] ?? 0,
                "quantity": plan["quantity"] ?? 1,
                "description": .string("Charges for this duration (from \(start) to \(end))"),
            ])
            if includeSetupFee, plan.amount("setup_fee") > 0 {
                raw.append([
                    "name": .string("Setup fee - \(plan.string("name") ?? "plan")"),
                    "rate": plan["setup_fee"] ?? 0,
                    "quantity": 1,
                ])
            }
        }
        for addon in row["addons"]?.arrayValue ?? [] {
            guard let object = addon.objectValue else { continue }
            raw.append([
                "name": object["name"] ?? "Addon",
                "code": object["addon_code"] ?? .null,
                "rate": object["price"] ?? 0,
                "quantity": object["quantity"] ?? 1,
                "description": object["addon_description"] ?? "",
            ])
        }
        let (items, subTotal) = try lineItems(raw)
        let terms = row["payment_terms"]?.decimalValue?.intValue ?? 0
        var invoice = insertInvoice(
            customer: customer, date: start, dueDate: start.adding(days: max(0, terms)), items: items,
            subTotal: subTotal, status: "sent", transactionType: transactionType,
            subscriptionID: row.string("subscription_id"), timestamp: timestamp)
        if let coupon = row["coupon"]?.objectValue, coupon.amount("discount_amount") > 0 {
            let off = coupon.amount("discount_amount")
            invoice["coupons"] = [.object(coupon)]
            invoice["total"] = .decimal(invoice.amount("total") - off)
            settle(&invoice)
            invoices[invoice.string("invoice_id") ?? ""] = invoice
        }
        return invoice
    }

    /// Raises a one-off invoice (charges and one-time addons) for a subscription.
    private mutating func raiseOneOffInvoice(
        for row: JSONObject, raw: [JSONObject], today: CalendarDate, timestamp: String
    ) throws -> JSONObject {
        guard let customer = row.string("customer_id").flatMap({ customers[$0] }) else {
            throw APIError.unknownReference("The customer", field: "customer_id")
        }
        let (items, subTotal) = try lineItems(raw)
        let terms = row["payment_terms"]?.decimalValue?.intValue ?? 0
        return insertInvoice(
            customer: customer, date: today, dueDate: today.adding(days: max(0, terms)), items: items,
            subTotal: subTotal, status: "sent", transactionType: "one_time",
            subscriptionID: row.string("subscription_id"), timestamp: timestamp)
    }

    /// Starts a new paid term today: dates move forward and an invoice is raised.
    private mutating func startTerm(
        _ row: inout JSONObject, from start: CalendarDate, includeSetupFee: Bool, transactionType: String,
        timestamp: String
    ) throws {
        let interval = row["interval"]?.decimalValue?.intValue ?? 1
        let unit = row.string("interval_unit") ?? "months"
        let next = start.adding(interval: interval, unit: unit)
        row["status"] = "live"
        row["current_term_starts_at"] = .string(start.description)
        row["current_term_ends_at"] = .string(next.adding(days: -1).description)
        row["next_billing_at"] = .string(next.description)
        row["last_billing_at"] = .string(start.description)
        row["expires_at"] = ""
        if row.string("activated_at") == nil { row["activated_at"] = .string(start.description) }
        let invoice = try raiseTermInvoice(
            for: row, from: start, to: next.adding(days: -1), includeSetupFee: includeSetupFee,
            transactionType: transactionType, timestamp: timestamp)
        row["child_invoice_id"] = invoice["invoice_id"] ?? .null
        if let id = row.string("subscription_id") {
            addActivity(id, "Invoice \(invoice.string("invoice_number") ?? "") created", timestamp: timestamp)
        }
    }

    /// Stores a new subscription row (status `live`, no dates yet) and returns it.
    mutating func makeSubscription(
        customer: JSONObject, plan: JSONObject, planLine: JSONObject, addons: [JSONObject], coupon: JSONObject?,
        autoCollect: Bool, paymentTerms: Int?, body: JSONObject, createdOn: CalendarDate, timestamp: String
    ) -> JSONObject {
        let id = nextID()
        var row: JSONObject = [
            "subscription_id": .string(id),
            "subscription_number": .string(nextNumber("SUB")),
            "name": .string("\(productName) - \(plan.string("name") ?? "Plan")"),
            "status": "live",
            "customer_id": customer["customer_id"] ?? .null,
            "plan_code": planLine["plan_code"] ?? .null,
            "plan_name": plan["name"] ?? .null,
            "plan": .object(planLine),
            "addons": .array(addons.map(JSONValue.object)),
            "interval": plan["interval"] ?? 1,
            "interval_unit": plan["interval_unit"] ?? "months",
            "auto_collect": .bool(autoCollect),
            "product_id": plan["product_id"] ?? .null,
            "product_name": .string(productName),
            "created_at": .string(createdOn.description),
            "activated_at": "",
            "current_term_starts_at": "",
            "current_term_ends_at": "",
            "last_billing_at": "",
            "next_billing_at": "",
            "expires_at": "",
            "end_of_term": false,
            "payment_terms": .int(paymentTerms ?? customer.amount("payment_terms").intValue),
            "payment_terms_label": customer["payment_terms_label"] ?? "Due on Receipt",
            "notes": [],
            "contactpersons": [],
            "created_time": .string(timestamp),
            "updated_time": .string(timestamp),
        ]
        row.merge(currencyFields(for: customer), fields: ["currency_code", "currency_symbol"])
        row.merge(body, fields: ["reference_id", "salesperson_name", "custom_fields", "payment_terms_label"])
        if let coupon { row["coupon"] = couponObject(coupon) }
        row = priced(row)
        subscriptions[id] = row
        recordEvent("subscription_created", payload: ["subscription": .object(row)], time: timestamp)
        return row
    }

    // MARK: Handlers

    mutating func listSubscriptions(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.subscriptionSortColumns)
        let today = context.today
        typealias Test = @Sendable (JSONObject, CalendarDate) -> Bool
        func status(_ names: String...) -> Test {
            { row, _ in names.contains(row.string("status") ?? "") }
        }
        func cancelled(inMonthOf shift: Int) -> Test {
            { row, today in
                guard row.string("status") == "cancelled",
                    let date = row.string("cancelled_at").flatMap(CalendarDate.init(parsing:))
                else { return false }
                return date.isSameMonth(as: today.adding(months: shift))
            }
        }
        var applied = "SubscriptionStatus.All"
        var test: Test = { _, _ in true }
        if let raw = context.query("filter_by"), raw.lowercased().hasPrefix("subscriptionmode.") {
            let (modeApplied, online) = try context.filter(
                prefix: "SubscriptionMode", values: [("ONLINE", true), ("OFFLINE", false)])
            applied = modeApplied
            test = { row, _ in (row["auto_collect"]?.lenientBoolValue ?? false) == online }
        } else {
            let everything: Test = { _, _ in true }
            let statusFilters: [(name: String, value: Test)] = [
                ("All", everything),
                ("ACTIVE", status("live", "trial", "non_renewing", "dunning", "unpaid")),
                ("LIVE", status("live")), ("FUTURE", status("future")), ("TRIAL", status("trial")),
                ("PAST_DUE", status("dunning")), ("UNPAID", status("unpaid")),
                ("NON_RENEWING", status("non_renewing")),
                ("CANCELLED_FROM_DUNNING", status("cancelled_from_dunning")),
                ("CANCELLED", status("cancelled")), ("EXPIRED", status("expired")),
                ("TRIAL_EXPIRED", status("trial_expired")),
                ("CANCELLED_LAST_MONTH", cancelled(inMonthOf: -1)),
                ("CANCELLED_THIS_MONTH", cancelled(inMonthOf: 0)),
            ]
            (applied, test) = try context.filter(prefix: "SubscriptionStatus", values: statusFilters)
        }
        let customerID = context.query("customer_id")
        let planCode = context.query("plan_code")
        let rows = subscriptions.all.filter { row in
            if !test(row, today) { return false }
            if let customerID, row.string("customer_id") != customerID { return false }
            if let planCode, row.string("plan_code") != planCode { return false }
            if !context.contains("customer_name_contains", in: subscriptionView(row), field: "customer_name")
                || !context.contains("reference_contains", in: row, field: "reference_id")
            {
                return false
            }
            return true
        }
        return listReply(
            key: "subscriptions", rows: rows.map(subscriptionRow), options: options, appliedFilter: applied,
            reportName: "Subscriptions")
    }

    mutating func createSubscription(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        guard let planBody = try body.optionalObject("plan") else { throw APIError.missing("plan.plan_code") }
        let planLine = try planLine(planBody)
        let addonLines = try addonLines(try body.optionalObjects("addons") ?? [])
        let coupon = try body.optionalString("coupon_code").map {
            try referencedCoupon($0, field: "coupon_code")
        }
        let start = try body.optionalDate("starts_at") ?? context.today
        let autoCollect = try body.optionalBool("auto_collect") ?? true
        let terms = try body.optionalInt("payment_terms")
        if let terms, terms < 0 { throw APIError.invalid("payment_terms") }

        let customer: JSONObject
        if let customerID = try body.optionalID("customer_id") {
            customer = try referencedCustomer(customerID)
        } else if let inline = try body.optionalObject("customer") {
            customer = try insertCustomer(inline, context: context, label: "customer.")
        } else {
            throw APIError.missing("customer_id")
        }
        guard let plan = plans[planLine.string("plan_code") ?? ""] else {
            throw APIError.unknownReference("The plan", field: "plan.plan_code")
        }

        let trialDays = planLine["trial_days"]?.decimalValue?.intValue ?? 0
        var row = makeSubscription(
            customer: customer, plan: plan, planLine: planLine, addons: addonLines, coupon: coupon,
            autoCollect: autoCollect, paymentTerms: terms, body: body, createdOn: context.today,
            timestamp: context.timestamp)
        let id = row.string("subscription_id") ?? ""
        addActivity(id, "Subscription created", timestamp: context.timestamp)

        if start > context.today {
            row["status"] = "future"
            row["next_billing_at"] = .string(start.description)
            row["starts_at"] = .string(start.description)
        } else if trialDays > 0 {
            let trialEnd = start.adding(days: trialDays)
            row["status"] = "trial"
            row["trial_starts_at"] = .string(start.description)
            row["trial_ends_at"] = .string(trialEnd.description)
            row["trial_remaining_days"] = .int(max(0, trialEnd.dayNumber - context.today.dayNumber))
            row["current_term_starts_at"] = .string(start.description)
            row["current_term_ends_at"] = .string(trialEnd.adding(days: -1).description)
            row["next_billing_at"] = .string(trialEnd.description)
        } else {
            try startTerm(
                &row, from: start, includeSetupFee: true, transactionType: "new", timestamp: context.timestamp)
        }
        subscriptions[id] = row
        return .created("The subscription has been created.", ["subscription": .object(subscriptionView(row))])
    }

    mutating func getSubscription(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["subscription": .object(subscriptionView(try subscription(context.parameter(0))))])
    }

    mutating func updateSubscription(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard !Self.endedStatuses.contains(row.string("status") ?? "") else {
            throw APIError.state("A cancelled or expired subscription cannot be updated. Reactivate it first.")
        }
        let body = context.body
        if let customerID = try body.optionalID("customer_id"), customerID != row.string("customer_id") {
            _ = try referencedCustomer(customerID)
            row["customer_id"] = .string(customerID)
        }
        var newPlan: JSONObject?
        if let planBody = try body.optionalObject("plan") {
            var merged = planBody
            if merged["plan_code"] == nil { merged["plan_code"] = row["plan_code"] }
            if merged["price"] == nil, merged.string("plan_code") == row.string("plan_code") {
                merged["price"] = row["plan"]?.objectValue?["price"]
            }
            newPlan = try planLine(merged)
        }
        let newAddons = try body.optionalObjects("addons").map { try addonLines($0) }
        if let code = try body.optionalString("coupon_code") {
            row["coupon"] = couponObject(try referencedCoupon(code, field: "coupon_code"))
        }
        if let autoCollect = try body.optionalBool("auto_collect") { row["auto_collect"] = .bool(autoCollect) }
        row.merge(body, fields: ["reference_id", "salesperson_name", "custom_fields"])
        row["updated_time"] = .string(context.timestamp)
        var message = "The subscription has been updated."
        if try body.optionalBool("end_of_term") == true, newPlan != nil || newAddons != nil {
            var change: JSONObject = ["effective_date": row["next_billing_at"] ?? ""]
            if let newPlan { change["plan"] = .object(newPlan) }
            if let newAddons { change["addons"] = .array(newAddons.map(JSONValue.object)) }
            scheduledChanges[id] = change
            message = "The changes will be applied to the subscription at the end of the current term."
            addActivity(id, "Plan change scheduled for the end of the term", timestamp: context.timestamp)
        } else {
            if let newPlan, let plan = plans[newPlan.string("plan_code") ?? ""] {
                row["plan"] = .object(newPlan)
                row["plan_code"] = newPlan["plan_code"] ?? .null
                row["plan_name"] = plan["name"] ?? .null
                row["name"] = .string("\(productName) - \(plan.string("name") ?? "Plan")")
                row["interval"] = plan["interval"] ?? 1
                row["interval_unit"] = plan["interval_unit"] ?? "months"
            }
            if let newAddons { row["addons"] = .array(newAddons.map(JSONValue.object)) }
            scheduledChanges[id] = nil
            addActivity(id, "Subscription updated", timestamp: context.timestamp)
        }
        row = priced(row)
        subscriptions[id] = row
        return .ok(message, ["subscription": .object(subscriptionView(row))])
    }

    mutating func deleteSubscription(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try subscription(id)
        subscriptions[id] = nil
        activities[id] = nil
        scheduledChanges[id] = nil
        return .ok("The subscription has been deleted.")
    }

    mutating func cancelSubscription(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        var atEnd = false
        if let raw = context.query("cancel_at_end") {
            switch raw.lowercased() {
            case "true": atEnd = true
            case "false": atEnd = false
            default: throw APIError.invalid("cancel_at_end", "Pass true or false.")
            }
        }
        let status = row.string("status") ?? ""
        guard !Self.endedStatuses.contains(status) else {
            throw APIError.state("The subscription has already been cancelled.")
        }
        let message: String
        if atEnd && ["live", "trial", "unpaid", "dunning"].contains(status) {
            row["_status_before_cancel"] = .string(status)
            row["status"] = "non_renewing"
            row["expires_at"] = row["current_term_ends_at"] ?? ""
            row["scheduled_cancellation_date"] = row["next_billing_at"] ?? ""
            message = "Your subscription will be cancelled at the end of the current term."
            addActivity(id, "Subscription set to cancel at the end of the term", timestamp: context.timestamp)
        } else if atEnd && status == "non_renewing" {
            throw APIError.state("The subscription is already set to cancel at the end of the current term.")
        } else {
            row["status"] = "cancelled"
            row["cancelled_at"] = .string(context.today.description)
            row["expires_at"] = .string(context.today.description)
            row["next_billing_at"] = ""
            row["scheduled_cancellation_date"] = nil
            message = "Your subscription has been cancelled."
            addActivity(id, "Subscription cancelled", timestamp: context.timestamp)
        }
        row["updated_time"] = .string(context.timestamp)
        subscriptions[id] = row
        scheduledChanges[id] = nil
        return .ok(message, ["subscription": .object(subscriptionView(row))])
    }

    mutating func reactivateSubscription(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        switch row.string("status") ?? "" {
        case "non_renewing":
            row["status"] = .string(row.string("_status_before_cancel") ?? "live")
            row["_status_before_cancel"] = nil
            row["expires_at"] = ""
            row["scheduled_cancellation_date"] = nil
        case let status where Self.endedStatuses.contains(status):
            row["cancelled_at"] = nil
            try startTerm(
                &row, from: context.today, includeSetupFee: false, transactionType: "reactivation",
                timestamp: context.timestamp)
        default:
            throw APIError.state("The subscription is already active.")
        }
        row["updated_time"] = .string(context.timestamp)
        addActivity(id, "Subscription reactivated", timestamp: context.timestamp)
        subscriptions[id] = row
        return .ok(
            "Subscription has been reactivated successfully.", ["subscription": .object(subscriptionView(row))])
    }

    mutating func postponeSubscription(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard let renewal = try context.body.optionalDate("renewal_at") else { throw APIError.missing("renewal_at") }
        guard !Self.endedStatuses.contains(row.string("status") ?? "") else {
            throw APIError.state("The renewal of a cancelled or expired subscription cannot be postponed.")
        }
        guard renewal > context.today else {
            throw APIError.invalid("renewal_at", "The renewal date must be after today.")
        }
        row["next_billing_at"] = .string(renewal.description)
        row["current_term_ends_at"] = .string(renewal.adding(days: -1).description)
        if row.string("status") == "trial" { row["trial_ends_at"] = .string(renewal.description) }
        if row.string("status") == "non_renewing" {
            row["expires_at"] = .string(renewal.adding(days: -1).description)
            row["scheduled_cancellation_date"] = .string(renewal.description)
        }
        row["updated_time"] = .string(context.timestamp)
        addActivity(id, "Renewal postponed to \(renewal)", timestamp: context.timestamp)
        subscriptions[id] = row
        return .ok(
            "Billing date of the subscription has been changed.", ["subscription": .object(subscriptionView(row))])
    }

    mutating func chargeSubscription(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try subscription(id)
        let amount = try context.body.requiredAmount("amount")
        guard amount.value > 0 else { throw APIError.invalid("amount", "The amount must be more than zero.") }
        guard !Self.endedStatuses.contains(row.string("status") ?? "") else {
            throw APIError.state("A cancelled or expired subscription cannot be charged.")
        }
        let description = try context.body.optionalString("description") ?? "One-time charge"
        if try context.body.optionalBool("add_to_unbilled_charges") == true {  // Held: +UnbilledCharges.swift.
            let item: JSONObject = [
                "name": "One-time charge", "description": .string(description), "rate": amount.json,
            ]
            return try holdUnbilledReply([item], context: context)
        }
        let invoice = try raiseOneOffInvoice(
            for: row, raw: [["name": "One-time charge", "description": .string(description), "rate": amount.json]],
            today: context.today, timestamp: context.timestamp)
        addActivity(
            id, "One-time charge added on invoice \(invoice.string("invoice_number") ?? "")",
            timestamp: context.timestamp)
        return .ok(
            "One time charge has been added successfully.",
            ["invoice": .object(invoiceView(invoice, today: context.today))])
    }

    mutating func buyOneTimeAddon(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try subscription(id)
        guard let raw = try context.body.optionalObjects("addons"), !raw.isEmpty else {
            throw APIError.missing("addons")
        }
        let lines = try addonLines(raw)
        guard !Self.endedStatuses.contains(row.string("status") ?? "") else {
            throw APIError.state("Addons cannot be bought for a cancelled or expired subscription.")
        }
        let items: [JSONObject] = lines.map { line in
            [
                "name": line["name"] ?? "Addon", "code": line["addon_code"] ?? .null, "rate": line["price"] ?? 0,
                "quantity": line["quantity"] ?? 1, "description": line["addon_description"] ?? "",
            ]
        }
        if try context.body.optionalBool("add_to_unbilled_charges") == true {  // Held: +UnbilledCharges.swift.
            return try holdUnbilledReply(items, context: context)
        }
        let invoice = try raiseOneOffInvoice(for: row, raw: items, today: context.today, timestamp: context.timestamp)
        addActivity(
            id, "One-time addon bought on invoice \(invoice.string("invoice_number") ?? "")",
            timestamp: context.timestamp)
        return .ok(
            "One-time addon has been purchased successfully.",
            ["invoice": .object(invoiceView(invoice, today: context.today))])
    }

    mutating func setAutoCollect(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard let autoCollect = try context.body.optionalBool("auto_collect") else {
            throw APIError.missing("auto_collect")
        }
        row["auto_collect"] = .bool(autoCollect)
        row["updated_time"] = .string(context.timestamp)
        addActivity(
            id, autoCollect ? "Switched to online payment mode" : "Switched to offline payment mode",
            timestamp: context.timestamp)
        subscriptions[id] = row
        return .ok("Auto charge status has been changed.", ["subscription": .object(subscriptionView(row))])
    }

    mutating func associateCoupon(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard let coupon = coupons[context.parameter(1)] else { throw APIError.notFound("Coupon") }
        guard coupon.string("status") == "active" else { throw APIError.state("The coupon has expired.") }
        guard !Self.endedStatuses.contains(row.string("status") ?? "") else {
            throw APIError.state("A coupon cannot be added to a cancelled or expired subscription.")
        }
        row["coupon"] = couponObject(coupon)
        row["updated_time"] = .string(context.timestamp)
        row = priced(row)
        addActivity(id, "Coupon \(context.parameter(1)) added", timestamp: context.timestamp)
        subscriptions[id] = row
        return .ok("The coupon has been added to the subscription.", ["subscription": .object(subscriptionView(row))])
    }

    mutating func removeCoupon(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard row["coupon"] != nil else { throw APIError.state("The subscription has no coupon to remove.") }
        row["coupon"] = nil
        row["updated_time"] = .string(context.timestamp)
        row = priced(row)
        addActivity(id, "Coupon removed", timestamp: context.timestamp)
        subscriptions[id] = row
        return .ok("The coupon has been removed from the subscription.")
    }

    mutating func recentActivities(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try subscription(id)
        let rows = (activities[id] ?? []).reversed().map { JSONValue.object($0) }
        return .ok("success", ["activities": .array(Array(rows))])
    }

    mutating func scheduledChanges(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try subscription(id)
        guard let change = scheduledChanges[id] else {
            return .ok("There are no scheduled changes for this subscription.")
        }
        var future = row
        if let plan = change["plan"]?.objectValue {
            future["plan"] = .object(plan)
            future["plan_code"] = plan["plan_code"] ?? .null
            future["plan_name"] = plan["name"] ?? .null
        }
        if let addons = change["addons"] { future["addons"] = addons }
        future = priced(future)
        future["scheduled_change_date"] = change["effective_date"] ?? ""
        return .ok("success", ["subscription": .object(subscriptionView(future))])
    }
}

extension Decimal {
    /// The whole-number part as an `Int` (0 when out of range).
    var intValue: Int {
        Int(Amount.format(Amount.round(self, places: 0))) ?? 0
    }
}
