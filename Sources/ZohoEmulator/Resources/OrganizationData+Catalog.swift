#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Product catalog: /products, plan writes, /addons, /coupons, /items

extension OrganizationData {
    static let productFields: Set<String> = ["name", "description", "email_ids", "redirect_url"]
    static let planWritableFields: Set<String> = ["unit", "description", "tax_id", "store_markup_description"]
    static let addonWritableFields: Set<String> = ["description", "tax_id", "store_markup_description"]
    static let itemFields: Set<String> = ["description", "sku", "unit", "tax_id"]
    static let catalogSortColumns: Set<String> = ["name", "created_time", "updated_time"]

    /// A 400 for a catalog record that other records still use.
    static func inUse(_ message: String) -> APIError {
        APIError(status: 400, code: ZohoErrorCode.invalidState, message: message)
    }

    /// The product named in the URL, or 404.
    func product(_ id: String) throws -> JSONObject {
        guard let row = products[id] else { throw APIError.notFound("Product") }
        return row
    }

    /// The product named in a request body, or 400.
    func referencedProduct(_ body: JSONObject, field: String = "product_id") throws -> JSONObject {
        let id = try body.requiredID(field)
        guard let row = products[id] else { throw APIError.unknownReference("The product", field: field) }
        return row
    }

    /// The addon named in the URL, or 404.
    func addon(_ code: String) throws -> JSONObject {
        guard let row = addons[code] else { throw APIError.notFound("Addon") }
        return row
    }

    /// The coupon named in the URL, or 404.
    func coupon(_ code: String) throws -> JSONObject {
        guard let row = coupons[code] else { throw APIError.notFound("Coupon") }
        return row
    }

    /// The item named in the URL, or 404.
    func item(_ id: String) throws -> JSONObject {
        guard let row = items[id] else { throw APIError.notFound("Item") }
        return row
    }

    // MARK: Seed

    /// Makes the organization's product a row of `products`, adds a second product and a few invoice items, and
    /// fills in the catalogue fields the seeded addons and coupons leave out.
    ///
    /// Runs after every other seed step, so the ids it takes come last and move nothing seeded before it.
    mutating func seedProductCatalog(today: CalendarDate) {
        let created = stamp(today.adding(days: -400))
        if !productID.isEmpty, products[productID] == nil {
            products[productID] = [
                "product_id": .string(productID), "name": .string(productName),
                "description": "Team workspace software, sold by subscription", "email_ids": .string(info.email),
                "redirect_url": "", "status": "active", "created_time": .string(created),
                "updated_time": .string(created),
            ]
        }
        let trainingID = nextID()
        let trainingCreated = stamp(today.adding(days: -30))
        products[trainingID] = [
            "product_id": .string(trainingID), "name": "Acme Training",
            "description": "Workshops for customer teams; no plans on sale yet", "email_ids": "", "redirect_url": "",
            "status": "active", "created_time": .string(trainingCreated), "updated_time": .string(trainingCreated),
        ]

        for code in addons.order {
            guard var row = addons[code], row["pricing_scheme"] == nil else { continue }
            row["pricing_scheme"] = "unit"
            row["price_brackets"] = [["price": row["price"] ?? 0]]
            row["unit_name"] = row["unit_name"] ?? "unit"
            if row.string("type") != "one_time" { row["interval_unit"] = row["interval_unit"] ?? "monthly" }
            row["applicable_to_all_plans"] = row["applicable_to_all_plans"] ?? true
            row["plans"] = row["plans"] ?? []
            row["created_time"] = row["created_time"] ?? .string(created)
            row["updated_time"] = row["updated_time"] ?? .string(created)
            addons[code] = row
        }
        for code in coupons.order {
            guard var row = coupons[code], row["type"] == nil else { continue }
            let used = subscriptions.all.filter { $0["coupon"]?["coupon_code"]?.stringValue == code }.count
            row["type"] = "forever"
            row["description"] = row["description"] ?? row["name"] ?? ""
            row["redemption_count"] = .int(used)
            row["max_redemption"] = row["max_redemption"] ?? 0
            row["expiry_at"] = row["expiry_at"] ?? ""
            row["apply_to_plans"] = row["apply_to_plans"] ?? "all"
            row["plans"] = row["plans"] ?? []
            row["apply_to_addons"] = row["apply_to_addons"] ?? "none"
            row["addons"] = row["addons"] ?? []
            row["created_time"] = row["created_time"] ?? .string(created)
            row["updated_time"] = row["updated_time"] ?? .string(created)
            coupons[code] = row
        }

        let itemSeeds:
            [(name: String, rate: JSONValue, sku: String, type: String, unit: String, status: String, days: Int)] = [
                ("Legacy data migration", 300, "SVC-MIG", "service", "job", "inactive", 380),
                ("Hardware security key", .amount("45.00"), "HW-KEY", "goods", "pcs", "active", 200),
                ("Onboarding workshop", 450, "SVC-ONB", "service", "session", "active", 90),
            ]
        for seed in itemSeeds {
            let id = nextID()
            let time = stamp(today.adding(days: -seed.days))
            items[id] = [
                "item_id": .string(id), "name": .string(seed.name), "status": .string(seed.status),
                "description": .string(seed.name), "rate": seed.rate, "unit": .string(seed.unit),
                "sku": .string(seed.sku), "product_type": .string(seed.type), "tax_id": "", "tax_name": "",
                "tax_percentage": 0, "created_time": .string(time), "updated_time": .string(time),
            ]
        }
    }

    // MARK: Shared validation

    /// A code for a plan, addon or coupon: required, at most 100 characters, no spaces or slashes.
    private func newCode(_ body: JSONObject, field: String, in table: Table, what: String) throws -> String {
        let code = try body.requiredString(field)
        guard code.count <= 100, !code.contains(" "), !code.contains("/") else {
            throw APIError.invalid(field, "Use at most 100 characters without spaces or slashes.")
        }
        if table[code] != nil { throw APIError.invalid(field, "\(what) with the code \(code) already exists.") }
        return code
    }

    /// A status change for a catalog record that has `status`.
    private static func marked(_ row: JSONObject, active: Bool, timestamp: String) -> JSONObject {
        var row = row
        row["status"] = .string(active ? "active" : "inactive")
        row["updated_time"] = .string(timestamp)
        return row
    }

    /// A whole number of at least `minimum`, or nil when absent.
    private func wholeNumber(_ body: JSONObject, _ field: String, minimum: Int) throws -> Int? {
        guard let value = try body.optionalInt(field) else { return nil }
        guard value >= minimum else { throw APIError.invalid(field, "Pass a whole number of \(minimum) or more.") }
        return value
    }

    /// An amount of at least zero, or nil when absent.
    private func nonNegative(_ body: JSONObject, _ field: String) throws -> JSONValue? {
        guard let amount = try body.optionalAmount(field) else { return nil }
        guard amount.value >= 0 else { throw APIError.invalid(field, "Amounts cannot be negative.") }
        return amount.json
    }

    /// One of `allowed`, or nil when absent.
    private func choice(_ body: JSONObject, _ field: String, _ allowed: [String]) throws -> String? {
        guard let value = try body.optionalString(field) else { return nil }
        guard allowed.contains(value) else {
            throw APIError.invalid(field, "Allowed values are \(allowed.joined(separator: ", ")).")
        }
        return value
    }

    /// `[{plan_code, name}]` for the plan codes listed under `field`, each of which must exist.
    private func planReferences(_ body: JSONObject, field: String = "plans") throws -> [JSONValue]? {
        guard let entries = try body.optionalObjects(field) else { return nil }
        return try entries.enumerated().map { position, entry in
            let label = "\(field)[\(position)].plan_code"
            let code = try entry.requiredString("plan_code", label: label)
            guard let plan = plans[code] else { throw APIError.unknownReference("The plan", field: label) }
            return .object(["plan_code": .string(code), "name": plan["name"] ?? .null])
        }
    }

    /// `[{addon_code, name}]` for the addon codes listed under `field`, each of which must exist.
    private func addonReferences(_ body: JSONObject, field: String = "addons") throws -> [JSONValue]? {
        guard let entries = try body.optionalObjects(field) else { return nil }
        return try entries.enumerated().map { position, entry in
            let label = "\(field)[\(position)].addon_code"
            let code = try entry.requiredString("addon_code", label: label)
            guard let addon = addons[code] else { throw APIError.unknownReference("The addon", field: label) }
            return .object(["addon_code": .string(code), "name": addon["name"] ?? .null])
        }
    }

    // MARK: Products

    mutating func listProducts(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.catalogSortColumns)
        let (applied, status) = try context.filter(
            prefix: "ProductStatus", values: [("All", ""), ("ACTIVE", "active"), ("INACTIVE", "inactive")])
        let rows = products.all.filter { status.isEmpty || $0.string("status") == status }
        return listReply(
            key: "products", rows: rows, options: options, appliedFilter: applied, reportName: "Products")
    }

    mutating func getProduct(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["product": .object(try product(context.parameter(0)).publicView)])
    }

    mutating func createProduct(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let name = try body.requiredString("name")
        guard name.count <= 100 else { throw APIError.invalid("name", "Use at most 100 characters.") }
        if products.all.contains(where: { $0.string("name")?.lowercased() == name.lowercased() }) {
            throw APIError.invalid("name", "A product named \(name) already exists.")
        }
        let id = nextID()
        var row: JSONObject = [
            "product_id": .string(id), "description": "", "email_ids": "", "redirect_url": "", "status": "active",
            "created_time": .string(context.timestamp), "updated_time": .string(context.timestamp),
        ]
        row.merge(body, fields: Self.productFields)
        products[id] = row
        return .created("The product has been created", ["product": .object(row.publicView)])
    }

    mutating func updateProduct(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try product(id)
        let body = context.body
        let name = try body.requiredString("name")
        guard name.count <= 100 else { throw APIError.invalid("name", "Use at most 100 characters.") }
        if products.all.contains(where: {
            $0.string("product_id") != id && $0.string("name")?.lowercased() == name.lowercased()
        }) {
            throw APIError.invalid("name", "A product named \(name) already exists.")
        }
        row.merge(body, fields: Self.productFields)
        row["updated_time"] = .string(context.timestamp)
        products[id] = row
        // Plans and new subscriptions carry the product's name.
        if id == productID { productName = name }
        for code in plans.order where plans[code]?.string("product_id") == id {
            plans[code]?["product_name"] = .string(name)
        }
        return .ok("The product details have been updated.", ["product": .object(row.publicView)])
    }

    mutating func deleteProduct(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try product(id)
        let owners = [("plans", plans), ("addons", addons), ("coupons", coupons)].filter { _, table in
            table.all.contains { $0.string("product_id") == id }
        }.map(\.0)
        if !owners.isEmpty {
            throw Self.inUse(
                "The product cannot be deleted because \(owners.joined(separator: ", ")) belong to it. "
                    + "Delete them first or mark the product as inactive.")
        }
        products[id] = nil
        return .ok("The product has been deleted.")
    }

    mutating func markProduct(_ context: inout RequestContext, active: Bool) throws -> APIReply {
        let id = context.parameter(0)
        products[id] = Self.marked(try product(id), active: active, timestamp: context.timestamp)
        return .ok("The product has been marked as \(active ? "active" : "inactive").")
    }

    // MARK: Plans (reads live in OrganizationData+Plans.swift)

    /// Applies the price and billing fields of a plan create or update body to `row`.
    private func applyPlanFields(_ body: JSONObject, to row: inout JSONObject) throws {
        row["name"] = .string(try body.requiredString("name"))
        guard let price = try nonNegative(body, "recurring_price") else { throw APIError.missing("recurring_price") }
        row["recurring_price"] = price
        guard let interval = try wholeNumber(body, "interval", minimum: 1) else { throw APIError.missing("interval") }
        row["interval"] = .int(interval)
        if let unit = try choice(body, "interval_unit", ["months", "years"]) { row["interval_unit"] = .string(unit) }
        if let cycles = try body.optionalInt("billing_cycles") {
            guard cycles == -1 || cycles >= 1 else {
                throw APIError.invalid("billing_cycles", "Pass -1 (until cancelled) or a whole number of 1 or more.")
            }
            row["billing_cycles"] = .int(cycles)
        }
        if let trial = try wholeNumber(body, "trial_period", minimum: 0) { row["trial_period"] = .int(trial) }
        if let fee = try nonNegative(body, "setup_fee") { row["setup_fee"] = fee }
        if let addonList = try addonReferences(body) { row["addons"] = .array(addonList) }
        row.merge(body, fields: Self.planWritableFields)
    }

    mutating func createPlan(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let code = try newCode(body, field: "plan_code", in: plans, what: "A plan")
        let owner = try referencedProduct(body)
        var row: JSONObject = [
            "plan_code": .string(code), "description": "", "status": "active",
            "product_id": owner["product_id"] ?? .null, "product_name": owner["name"] ?? .null, "unit": "",
            "interval_unit": "months", "billing_cycles": -1, "trial_period": 0, "setup_fee": 0, "tax_id": "",
            "product_type": "service", "url": .string("https://billing.example.com/subscribe/\(info.id)/\(code)"),
            "addons": [], "created_time": .string(context.timestamp), "updated_time": .string(context.timestamp),
        ]
        try applyPlanFields(body, to: &row)
        row["plan_id"] = .string(nextID())
        plans[code] = row
        return .created("The plan has been created.", ["plan": .object(row.publicView)])
    }

    mutating func updatePlan(_ context: inout RequestContext) throws -> APIReply {
        let code = context.parameter(0)
        var row = try plan(code)
        try applyPlanFields(context.body, to: &row)
        row["updated_time"] = .string(context.timestamp)
        plans[code] = row
        return .ok("The plan details has been updated.", ["plan": .object(row.publicView)])
    }

    mutating func deletePlan(_ context: inout RequestContext) throws -> APIReply {
        let code = context.parameter(0)
        _ = try plan(code)
        if subscriptions.all.contains(where: { $0.string("plan_code") == code }) {
            throw Self.inUse(
                "The plan \(code) cannot be deleted because subscriptions use it. Mark the plan as inactive instead.")
        }
        plans[code] = nil
        return .ok("The plan has been deleted.")
    }

    mutating func markPlan(_ context: inout RequestContext, active: Bool) throws -> APIReply {
        let code = context.parameter(0)
        plans[code] = Self.marked(try plan(code), active: active, timestamp: context.timestamp)
        return .ok("The plan has been marked as \(active ? "active" : "inactive").")
    }

    // MARK: Addons

    /// Applies the fields of an addon create or update body to `row`.
    private func applyAddonFields(_ body: JSONObject, to row: inout JSONObject) throws {
        row["name"] = .string(try body.requiredString("name"))
        row["unit_name"] = .string(try body.requiredString("unit_name"))
        let owner = try referencedProduct(body)
        row["product_id"] = owner["product_id"] ?? .null
        let scheme =
            try choice(body, "pricing_scheme", ["unit", "volume", "tier", "package"]) ?? row.string("pricing_scheme")
            ?? "unit"
        guard let brackets = try body.optionalObjects("price_brackets"), !brackets.isEmpty else {
            throw APIError.missing("price_brackets")
        }
        if scheme == "unit", brackets.count > 1 {
            throw APIError.invalid("price_brackets", "The unit pricing scheme takes one bracket with the price.")
        }
        var stored: [JSONValue] = []
        for (position, bracket) in brackets.enumerated() {
            let label = "price_brackets[\(position)]"
            guard let price = try bracket.optionalAmount("price", label: "\(label).price") else {
                throw APIError.missing("\(label).price")
            }
            guard price.value >= 0 else { throw APIError.invalid("\(label).price", "Prices cannot be negative.") }
            var entry: JSONObject = ["price": price.json]
            for key in ["start_quantity", "end_quantity"] {
                guard let quantity = try bracket.optionalInt(key, label: "\(label).\(key)") else { continue }
                guard quantity >= 1 else { throw APIError.invalid("\(label).\(key)", "Pass 1 or more.") }
                entry[key] = .int(quantity)
            }
            // Volume and tier brackets are ranges (the last may stay open-ended); a package has a size.
            let isLast = position == brackets.count - 1
            if scheme == "volume" || scheme == "tier" {
                if entry["start_quantity"] == nil { throw APIError.missing("\(label).start_quantity") }
                if entry["end_quantity"] == nil, !isLast { throw APIError.missing("\(label).end_quantity") }
            }
            if scheme == "package", entry["end_quantity"] == nil { throw APIError.missing("\(label).end_quantity") }
            stored.append(.object(entry))
        }
        row["pricing_scheme"] = .string(scheme)
        row["price_brackets"] = .array(stored)
        // Subscriptions price addon lines from `price`: the unit price, or the first bracket's.
        row["price"] = stored.first?["price"] ?? 0
        let type = try choice(body, "type", ["recurring", "one_time"]) ?? row.string("type") ?? "recurring"
        row["type"] = .string(type)
        if type == "recurring" {
            row["interval_unit"] = .string(
                try choice(body, "interval_unit", ["monthly", "yearly"]) ?? row.string("interval_unit") ?? "monthly")
        } else {
            row["interval_unit"] = nil
        }
        let allPlans = try body.optionalBool("applicable_to_all_plans") ?? row["applicable_to_all_plans"]?.boolValue
        let planList = try planReferences(body)
        if allPlans == false, (planList ?? row["plans"]?.arrayValue ?? []).isEmpty {
            throw APIError.missing("plans")
        }
        row["applicable_to_all_plans"] = .bool(allPlans ?? true)
        if let planList { row["plans"] = .array(planList) }
        row.merge(body, fields: Self.addonWritableFields)
    }

    mutating func listAddons(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.catalogSortColumns.union(["addon_code"]))
        let (applied, filter) = try context.filter(
            prefix: "AddonStatus",
            values: [
                ("All", ""), ("ACTIVE", "active"), ("INACTIVE", "inactive"), ("ONETIME", "one_time"),
                ("RECURRING", "recurring"),
            ])
        let productID = context.query("product_id")
        let rows = addons.all.filter { row in
            switch filter {
            case "active", "inactive": if row.string("status") != filter { return false }
            case "one_time", "recurring": if (row.string("type") ?? "recurring") != filter { return false }
            default: break
            }
            return productID == nil || row.string("product_id") == productID
        }
        return listReply(key: "addons", rows: rows, options: options, appliedFilter: applied, reportName: "Addons")
    }

    mutating func getAddon(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["addon": .object(try addon(context.parameter(0)).publicView)])
    }

    mutating func createAddon(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let code = try newCode(body, field: "addon_code", in: addons, what: "An addon")
        var row: JSONObject = [
            "addon_code": .string(code), "description": "", "status": "active",
            "plans": [], "tax_id": "", "created_time": .string(context.timestamp),
            "updated_time": .string(context.timestamp),
        ]
        try applyAddonFields(body, to: &row)
        row["addon_id"] = .string(nextID())
        addons[code] = row
        return .created("The addon has been created", ["addon": .object(row.publicView)])
    }

    mutating func updateAddon(_ context: inout RequestContext) throws -> APIReply {
        let code = context.parameter(0)
        var row = try addon(code)
        try applyAddonFields(context.body, to: &row)
        row["updated_time"] = .string(context.timestamp)
        addons[code] = row
        return .ok("The addon details have been updated.", ["addon": .object(row.publicView)])
    }

    mutating func deleteAddon(_ context: inout RequestContext) throws -> APIReply {
        let code = context.parameter(0)
        _ = try addon(code)
        let used = subscriptions.all.contains { row in
            (row["addons"]?.arrayValue ?? []).contains { $0["addon_code"]?.stringValue == code }
        }
        if used {
            throw Self.inUse(
                "The addon \(code) cannot be deleted because subscriptions include it. "
                    + "Mark the addon as inactive instead.")
        }
        addons[code] = nil
        for planCode in plans.order {
            guard let list = plans[planCode]?["addons"]?.arrayValue else { continue }
            plans[planCode]?["addons"] = .array(list.filter { $0["addon_code"]?.stringValue != code })
        }
        return .ok("The addon has been deleted.")
    }

    mutating func markAddon(_ context: inout RequestContext, active: Bool) throws -> APIReply {
        let code = context.parameter(0)
        addons[code] = Self.marked(try addon(code), active: active, timestamp: context.timestamp)
        return .ok("The addon has been marked as \(active ? "active" : "inactive").")
    }

    // MARK: Coupons

    mutating func listCoupons(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.catalogSortColumns.union(["coupon_code"]))
        let (applied, status) = try context.filter(
            prefix: "CouponStatus",
            values: [("All", ""), ("ACTIVE", "active"), ("INACTIVE", "inactive"), ("EXPIRED", "expired")])
        let productID = context.query("product_id")
        let rows = coupons.all.filter { row in
            if !status.isEmpty, row.string("status") != status { return false }
            return productID == nil || row.string("product_id") == productID
        }
        return listReply(key: "coupons", rows: rows, options: options, appliedFilter: applied, reportName: "Coupons")
    }

    mutating func getCoupon(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["coupon": .object(try coupon(context.parameter(0)).publicView)])
    }

    /// A future or current expiry date, or nil when absent.
    private func expiry(_ body: JSONObject, today: CalendarDate) throws -> CalendarDate? {
        guard let date = try body.optionalDate("expiry_at") else { return nil }
        guard date >= today else { throw APIError.invalid("expiry_at", "The expiry date cannot be in the past.") }
        return date
    }

    mutating func createCoupon(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let code = try newCode(body, field: "coupon_code", in: coupons, what: "A coupon")
        let name = try body.requiredString("name")
        let owner = try referencedProduct(body)
        guard let discountBy = try choice(body, "discount_by", ["flat", "percentage"]) else {
            throw APIError.missing("discount_by")
        }
        let value = try body.requiredAmount("discount_value")
        guard value.value > 0 else { throw APIError.invalid("discount_value", "The discount must be more than zero.") }
        if discountBy == "percentage", value.value > 100 {
            throw APIError.invalid("discount_value", "A percentage discount cannot exceed 100.")
        }
        guard let type = try choice(body, "type", ["one_time", "duration", "forever"]) else {
            throw APIError.missing("type")
        }
        let duration = try wholeNumber(body, "duration", minimum: 1)
        if type == "duration", duration == nil { throw APIError.missing("duration") }
        let applyToPlans = try choice(body, "apply_to_plans", ["all", "none", "select"]) ?? "all"
        let planList = try planReferences(body) ?? []
        if applyToPlans == "select", planList.isEmpty { throw APIError.missing("plans") }
        let applyToAddons =
            try choice(body, "apply_to_addons", ["all_addons", "all_recurring", "all_onetime", "none", "select"])
            ?? "none"
        let addonList = try addonReferences(body) ?? []
        if applyToAddons == "select", addonList.isEmpty { throw APIError.missing("addons") }
        let row: JSONObject = [
            "coupon_id": .string(nextID()), "coupon_code": .string(code), "name": .string(name),
            "description": .string(try body.optionalString("description") ?? ""), "type": .string(type),
            "duration": .int(type == "duration" ? duration ?? 1 : 0), "discount_by": .string(discountBy),
            "discount_value": value.json, "status": "active", "product_id": owner["product_id"] ?? .null,
            "max_redemption": .int(try wholeNumber(body, "max_redemption", minimum: 1) ?? 0),
            "redemption_count": 0,
            "expiry_at": .string(try expiry(body, today: context.today)?.description ?? ""),
            "apply_to_plans": .string(applyToPlans), "plans": .array(applyToPlans == "select" ? planList : []),
            "apply_to_addons": .string(applyToAddons), "addons": .array(applyToAddons == "select" ? addonList : []),
            "created_time": .string(context.timestamp), "updated_time": .string(context.timestamp),
        ]
        coupons[code] = row
        return .created("The coupon has been created", ["coupon": .object(row.publicView)])
    }

    mutating func updateCoupon(_ context: inout RequestContext) throws -> APIReply {
        let code = context.parameter(0)
        var row = try coupon(code)
        let body = context.body
        for fixed in ["discount_by", "discount_value", "type", "duration", "product_id"] where body[fixed] != nil {
            throw APIError.invalid(
                fixed, "A coupon's discount, type and product cannot be changed; create a new coupon instead.")
        }
        row["name"] = .string(try body.requiredString("name"))
        if let description = try body.optionalString("description") { row["description"] = .string(description) }
        if let limit = try wholeNumber(body, "max_redemption", minimum: 1) {
            guard limit >= row.amount("redemption_count").intValue else {
                throw APIError.invalid("max_redemption", "The limit cannot be below the redemptions so far.")
            }
            row["max_redemption"] = .int(limit)
        }
        if let date = try expiry(body, today: context.today) {
            row["expiry_at"] = .string(date.description)
            // A new expiry date lets an expired coupon be used again once it is marked active.
            if row.string("status") == "expired" { row["status"] = "inactive" }
        }
        row["updated_time"] = .string(context.timestamp)
        coupons[code] = row
        return .ok("The coupon details have been updated.", ["coupon": .object(row.publicView)])
    }

    mutating func deleteCoupon(_ context: inout RequestContext) throws -> APIReply {
        let code = context.parameter(0)
        _ = try coupon(code)
        if subscriptions.all.contains(where: { $0["coupon"]?["coupon_code"]?.stringValue == code }) {
            throw Self.inUse(
                "The coupon \(code) cannot be deleted because subscriptions use it. "
                    + "Mark the coupon as inactive instead.")
        }
        coupons[code] = nil
        return .ok("The coupon has been deleted.")
    }

    mutating func markCoupon(_ context: inout RequestContext, active: Bool) throws -> APIReply {
        let code = context.parameter(0)
        let row = try coupon(code)
        if active, row.string("status") == "expired" {
            throw APIError.state(
                "The coupon \(code) has expired. Give it a later expiry_at with update_coupon first.")
        }
        coupons[code] = Self.marked(row, active: active, timestamp: context.timestamp)
        return .ok("The coupon has been marked as \(active ? "active" : "inactive").")
    }

    // MARK: Items

    /// Applies the fields of an item create or update body to `row`, refusing a name another item has.
    private func applyItemFields(_ body: JSONObject, to row: inout JSONObject, id: String) throws {
        let name = try body.requiredString("name")
        guard name.count <= 100 else { throw APIError.invalid("name", "Use at most 100 characters.") }
        if items.all.contains(where: {
            $0.string("item_id") != id && $0.string("name")?.lowercased() == name.lowercased()
        }) {
            throw APIError.invalid("name", "An item named \(name) already exists.")
        }
        row["name"] = .string(name)
        guard let rate = try nonNegative(body, "rate") else { throw APIError.missing("rate") }
        row["rate"] = rate
        if let type = try choice(body, "product_type", ["goods", "service"]) { row["product_type"] = .string(type) }
        row.merge(body, fields: Self.itemFields)
    }

    mutating func listItems(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(
            sortColumns: ["name", "rate", "tax_name", "created_time"], defaultSort: "name", defaultOrder: "A")
        let (applied, status) = try context.filter(
            prefix: "Status", values: [("All", ""), ("Active", "active"), ("Inactive", "inactive")])
        let search = context.query("search_text")?.lowercased()
        let rows = items.all.filter { row in
            if !status.isEmpty, row.string("status") != status { return false }
            guard let search else { return true }
            return [row.string("name"), row.string("description")].contains {
                $0?.lowercased().contains(search) == true
            }
        }
        return listReply(key: "items", rows: rows, options: options, appliedFilter: applied, reportName: "Items")
    }

    mutating func getItem(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["item": .object(try item(context.parameter(0)).publicView)])
    }

    mutating func createItem(_ context: inout RequestContext) throws -> APIReply {
        var row: JSONObject = [
            "status": "active", "description": "", "unit": "", "sku": "",
            "product_type": "service", "tax_id": "", "tax_name": "", "tax_percentage": 0,
            "created_time": .string(context.timestamp), "updated_time": .string(context.timestamp),
        ]
        try applyItemFields(context.body, to: &row, id: "")
        let id = nextID()
        row["item_id"] = .string(id)
        items[id] = row
        return .created("The item has been added.", ["item": .object(row.publicView)])
    }

    mutating func updateItem(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try item(id)
        try applyItemFields(context.body, to: &row, id: id)
        row["updated_time"] = .string(context.timestamp)
        items[id] = row
        return .ok("Item details have been saved.", ["item": .object(row.publicView)])
    }

    mutating func deleteItem(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try item(id)
        items[id] = nil
        return .ok("The item has been deleted.")
    }

    mutating func markItem(_ context: inout RequestContext, active: Bool) throws -> APIReply {
        let id = context.parameter(0)
        items[id] = Self.marked(try item(id), active: active, timestamp: context.timestamp)
        return .ok("The item has been marked \(active ? "Active" : "Inactive").")
    }
}
