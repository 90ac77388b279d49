import Foundation
import Testing
import ZohoEmulator

@Suite("Product catalog: products, plan writes, addons, coupons and items")
struct CatalogTests {
    /// The product the seeded plans belong to.
    static func mainProductID(_ harness: Harness) async throws -> String {
        let plan = await harness.call("GET", "/plans/basic-monthly").object("plan")
        return try #require(plan["product_id"] as? String)
    }

    @Test("The seeded product is a real row; products are created, renamed, marked and deleted")
    func products() async throws {
        let harness = Harness()
        let mainID = try await Self.mainProductID(harness)
        let list = await harness.call("GET", "/products")
        #expect(list.status == 200)
        #expect(list.list("products").map { $0["name"] as? String } == ["Acme Training", "Acme Cloud"])
        #expect(list.pageContext["applied_filter"] as? String == "ProductStatus.All")
        #expect(await harness.call("GET", "/products/\(mainID)").object("product")["status"] as? String == "active")

        let created = await harness.call(
            "POST", "/products", json: ["name": "Acme Analytics", "email_ids": "ops@example.com"])
        #expect(created.status == 201)
        #expect(created.message == "The product has been created")
        let newID = try #require(created.object("product")["product_id"] as? String)
        let duplicate = await harness.call("POST", "/products", json: ["name": "acme analytics"])
        #expect(duplicate.status == 400)
        #expect(duplicate.message.contains("already exists"))
        #expect(await harness.call("POST", "/products", json: ["description": "no name"]).status == 400)

        let renamed = await harness.call("PUT", "/products/\(mainID)", json: ["name": "Acme Cloud Suite"])
        #expect(renamed.message == "The product details have been updated.")
        #expect(renamed.object("product")["email_ids"] as? String == "owner@acme-demo.example.com")
        let plan = await harness.call("GET", "/plans/basic-monthly").object("plan")
        #expect(plan["product_name"] as? String == "Acme Cloud Suite")
        #expect(await harness.call("PUT", "/products/\(mainID)", json: [:]).status == 400)

        let inactive = await harness.call("POST", "/products/\(newID)/markasinactive")
        #expect(inactive.message == "The product has been marked as inactive.")
        let filtered = await harness.call("GET", "/products", query: [("filter_by", "ProductStatus.INACTIVE")])
        #expect(filtered.list("products").map { $0["product_id"] as? String } == [newID])
        #expect(await harness.call("POST", "/products/\(newID)/markasactive").status == 200)
        #expect(await harness.call("GET", "/products/\(newID)").object("product")["status"] as? String == "active")

        let inUse = await harness.call("DELETE", "/products/\(mainID)")
        #expect(inUse.status == 400)
        #expect(inUse.code == ZohoErrorCode.invalidState)
        #expect(inUse.message.contains("plans, addons, coupons belong to it"))
        let deleted = await harness.call("DELETE", "/products/\(newID)")
        #expect(deleted.message == "The product has been deleted.")
        #expect(await harness.call("GET", "/products/\(newID)").status == 404)
        #expect(await harness.call("POST", "/products/\(newID)/markasactive").status == 404)
    }

    @Test("Plans are created, validated, updated, sold, marked and deleted only when unused")
    func plans() async throws {
        let harness = Harness()
        let productID = try await Self.mainProductID(harness)
        let body: [String: Any] = [
            "plan_code": "business-pro", "name": "Business Pro", "recurring_price": 99, "interval": 1,
            "interval_unit": "months", "product_id": productID, "trial_period": 7,
            "addons": [["addon_code": "extra-seat"]],
        ]
        let created = await harness.call("POST", "/plans", json: body)
        #expect(created.status == 201)
        #expect(created.message == "The plan has been created.")
        let plan = created.object("plan")
        #expect(plan["status"] as? String == "active")
        #expect(plan["billing_cycles"] as? Int == -1)
        #expect(plan["product_name"] as? String == "Acme Cloud")
        #expect((plan["addons"] as? [[String: Any]])?.first?["name"] as? String == "Extra seat")

        let duplicate = await harness.call("POST", "/plans", json: body)
        #expect(duplicate.status == 400)
        #expect(duplicate.message.contains("A plan with the code business-pro already exists"))
        for (change, field) in [
            (["product_id": "1"], "product_id"), (["interval_unit": "weeks"], "interval_unit"),
            (["recurring_price": -5], "recurring_price"), (["billing_cycles": 0], "billing_cycles"),
            (["addons": [["addon_code": "nope"]]], "addons[0].addon_code"),
        ] as [([String: Any], String)] {
            var bad = body.merging(change) { $1 }
            bad["plan_code"] = "other-code"
            let reply = await harness.call("POST", "/plans", json: bad)
            #expect(reply.status == 400, "\(field)")
            #expect(reply.message.contains(field), "\(field): \(reply.message)")
        }
        var missing = body
        missing["plan_code"] = "no-interval"
        missing["interval"] = nil
        #expect(await harness.call("POST", "/plans", json: missing).message.contains("interval is required"))

        let partial = await harness.call("PUT", "/plans/business-pro", json: ["recurring_price": 109])
        #expect(partial.status == 400)
        #expect(partial.message.contains("name is required"))
        let updated = await harness.call(
            "PUT", "/plans/business-pro", json: ["name": "Business Pro", "recurring_price": 109.5, "interval": 1])
        #expect(updated.message == "The plan details has been updated.")
        #expect(updated.text.contains(#""recurring_price":109.5"#))
        #expect(updated.object("plan")["trial_period"] as? Int == 7, "fields not sent are kept")
        #expect(await harness.call("PUT", "/plans/missing", json: ["name": "x"]).status == 404)

        let customer = await harness.customerID(named: "Bluebird")
        let subscription = await harness.call(
            "POST", "/subscriptions", json: ["customer_id": customer, "plan": ["plan_code": "business-pro"]])
        #expect(subscription.status == 201)
        let inUse = await harness.call("DELETE", "/plans/business-pro")
        #expect(inUse.status == 400)
        #expect(inUse.message.contains("subscriptions use it"))

        let inactive = await harness.call("POST", "/plans/business-pro/markasinactive")
        #expect(inactive.message == "The plan has been marked as inactive.")
        let listed = await harness.call("GET", "/plans", query: [("filter_by", "PlanStatus.INACTIVE")])
        #expect(listed.list("plans").contains { $0["plan_code"] as? String == "business-pro" })
        let refused = await harness.call(
            "POST", "/subscriptions", json: ["customer_id": customer, "plan": ["plan_code": "business-pro"]])
        #expect(refused.message.contains("inactive"))
        #expect(await harness.call("POST", "/plans/business-pro/markasactive").status == 200)

        let unused = await harness.call("DELETE", "/plans/starter-legacy")
        #expect(unused.message == "The plan has been deleted.")
        #expect(await harness.call("GET", "/plans/starter-legacy").status == 404)
    }

    @Test("Addons keep their price brackets and the flat price subscriptions bill from")
    func addons() async throws {
        let harness = Harness()
        let productID = try await Self.mainProductID(harness)
        let seeded = await harness.call("GET", "/addons/extra-seat").object("addon")
        #expect(seeded["pricing_scheme"] as? String == "unit")
        #expect((seeded["price_brackets"] as? [[String: Any]])?.first?["price"] as? Double == 12.5)

        let body: [String: Any] = [
            "addon_code": "priority-support", "name": "Priority support", "unit_name": "account",
            "product_id": productID, "price_brackets": [["price": 49]], "type": "recurring",
            "interval_unit": "yearly",
        ]
        let created = await harness.call("POST", "/addons", json: body)
        #expect(created.status == 201)
        #expect(created.object("addon")["price"] as? Int == 49)
        #expect(created.object("addon")["interval_unit"] as? String == "yearly")
        #expect(await harness.call("POST", "/addons", json: body).message.contains("already exists"))

        var tiered = body
        tiered["addon_code"] = "storage"
        tiered["pricing_scheme"] = "tier"
        tiered["price_brackets"] = [["start_quantity": 1, "price": 5], ["start_quantity": 11, "price": 4]]
        let open = await harness.call("POST", "/addons", json: tiered)
        #expect(open.status == 400)
        #expect(open.message.contains("price_brackets[0].end_quantity"))
        tiered["price_brackets"] = [
            ["start_quantity": 1, "end_quantity": 10, "price": 5], ["start_quantity": 11, "price": 4],
        ]
        #expect(await harness.call("POST", "/addons", json: tiered).status == 201)
        var selectPlans = body
        selectPlans["addon_code"] = "select"
        selectPlans["applicable_to_all_plans"] = false
        #expect(await harness.call("POST", "/addons", json: selectPlans).message.contains("plans is required"))
        var oneTime = body
        oneTime["addon_code"] = "setup-call"
        oneTime["type"] = "one_time"
        let setup = await harness.call("POST", "/addons", json: oneTime)
        #expect(setup.object("addon")["interval_unit"] == nil, "one-time addons have no interval")

        let recurring = await harness.call("GET", "/addons", query: [("filter_by", "AddonStatus.ONETIME")])
        #expect(
            Set(recurring.list("addons").compactMap { $0["addon_code"] as? String }) == ["onboarding", "setup-call"])
        let otherProduct = await harness.call("GET", "/addons", query: [("product_id", "1")])
        #expect(otherProduct.list("addons").isEmpty)

        var change = body
        change["price_brackets"] = [["price": 59]]
        change["addon_code"] = nil
        let updated = await harness.call("PUT", "/addons/priority-support", json: change)
        #expect(updated.message == "The addon details have been updated.")
        #expect(updated.object("addon")["price"] as? Int == 59)

        let customer = await harness.customerID(named: "Bluebird")
        let subscription = await harness.call(
            "POST", "/subscriptions",
            json: [
                "customer_id": customer, "plan": ["plan_code": "basic-monthly"],
                "addons": [["addon_code": "priority-support"]],
            ])
        #expect(subscription.status == 201)
        let line = (subscription.object("subscription")["addons"] as? [[String: Any]])?.first
        #expect(line?["price"] as? Int == 59, "subscriptions price the addon from the updated bracket")
        #expect(await harness.call("DELETE", "/addons/priority-support").status == 400)

        #expect(await harness.call("POST", "/addons/setup-call/markasinactive").status == 200)
        let inactive = await harness.call("GET", "/addons", query: [("filter_by", "AddonStatus.INACTIVE")])
        #expect(inactive.list("addons").map { $0["addon_code"] as? String } == ["setup-call"])
        #expect(await harness.call("POST", "/addons/setup-call/markasactive").message.contains("active"))
        let deleted = await harness.call("DELETE", "/addons/setup-call")
        #expect(deleted.message == "The addon has been deleted.")
        #expect(await harness.call("GET", "/addons/setup-call").status == 404)
    }

    @Test("Coupons: creation rules, fixed discounts, expiry, and no deletion while a subscription uses one")
    func coupons() async throws {
        let harness = Harness()
        let productID = try await Self.mainProductID(harness)
        let body: [String: Any] = [
            "coupon_code": "SUMMER20", "name": "Summer 20 off", "product_id": productID, "discount_by": "flat",
            "discount_value": 20, "type": "duration", "duration": 3, "expiry_at": "2025-09-30",
        ]
        let created = await harness.call("POST", "/coupons", json: body)
        #expect(created.status == 201)
        let coupon = created.object("coupon")
        #expect(coupon["status"] as? String == "active")
        #expect(coupon["redemption_count"] as? Int == 0)
        #expect(coupon["apply_to_plans"] as? String == "all")
        #expect(await harness.call("POST", "/coupons", json: body).message.contains("already exists"))
        for (change, field) in [
            (["discount_by": "percentage", "discount_value": 120], "discount_value"),
            (["duration": NSNull()], "duration"), (["expiry_at": "2025-01-01"], "expiry_at"),
            (["apply_to_plans": "select"], "plans"), (["apply_to_addons": "select"], "addons"),
        ] as [([String: Any], String)] {
            var bad = body.merging(change) { $1 }
            bad["coupon_code"] = "BAD"
            let reply = await harness.call("POST", "/coupons", json: bad)
            #expect(reply.status == 400, "\(field)")
            #expect(reply.message.contains(field), "\(field): \(reply.message)")
        }

        let active = await harness.call("GET", "/coupons", query: [("filter_by", "CouponStatus.ACTIVE")])
        #expect(active.list("coupons").map { $0["coupon_code"] as? String } == ["SUMMER20", "FLAT20", "WELCOME10"])
        let expired = await harness.call("GET", "/coupons", query: [("filter_by", "CouponStatus.EXPIRED")])
        #expect(expired.list("coupons").map { $0["coupon_code"] as? String } == ["SPRING-EXPIRED"])

        let updated = await harness.call(
            "PUT", "/coupons/SUMMER20", json: ["name": "Summer offer", "max_redemption": 50])
        #expect(updated.message == "The coupon details have been updated.")
        #expect(updated.object("coupon")["max_redemption"] as? Int == 50)
        #expect(updated.object("coupon")["discount_value"] as? Int == 20)
        let discount = await harness.call(
            "PUT", "/coupons/SUMMER20", json: ["name": "Summer offer", "discount_value": 25])
        #expect(discount.status == 400)
        #expect(discount.message.contains("create a new coupon"))
        #expect(await harness.call("PUT", "/coupons/SUMMER20", json: ["description": "x"]).status == 400)

        let subscription = await harness.subscription(status: "live")
        let subscriptionID = try #require(subscription["subscription_id"] as? String)
        let applied = await harness.call("POST", "/subscriptions/\(subscriptionID)/coupons/SUMMER20")
        #expect(applied.code == 0, "\(applied.message)")
        let inUse = await harness.call("DELETE", "/coupons/SUMMER20")
        #expect(inUse.status == 400)
        #expect(inUse.message.contains("subscriptions use it"))

        #expect(await harness.call("POST", "/coupons/FLAT20/markasinactive").status == 200)
        let refused = await harness.call("POST", "/subscriptions/\(subscriptionID)/coupons/FLAT20")
        #expect(refused.code != 0, "an inactive coupon cannot be applied")
        #expect(await harness.call("POST", "/coupons/FLAT20/markasactive").status == 200)

        let stale = await harness.call("POST", "/coupons/SPRING-EXPIRED/markasactive")
        #expect(stale.code == ZohoErrorCode.invalidState)
        _ = await harness.call("PUT", "/coupons/SPRING-EXPIRED", json: ["name": "Spring", "expiry_at": "2026-04-30"])
        let revived = await harness.call("POST", "/coupons/SPRING-EXPIRED/markasactive")
        #expect(revived.message == "The coupon has been marked as active.")
        let deleted = await harness.call("DELETE", "/coupons/WELCOME10")
        #expect(deleted.message == "The coupon has been deleted.")
        #expect(await harness.call("GET", "/coupons/WELCOME10").status == 404)
    }

    @Test("Items are listed by name, searched, created with unique names, updated, marked and deleted")
    func items() async throws {
        let harness = Harness()
        let list = await harness.call("GET", "/items")
        #expect(
            list.list("items").map { $0["name"] as? String } == [
                "Hardware security key", "Legacy data migration", "Onboarding workshop",
            ])
        #expect(list.text.contains(#""rate":45.00"#))
        let active = await harness.call(
            "GET", "/items", query: [("filter_by", "Status.Active"), ("search_text", "WORKSHOP")])
        #expect(active.list("items").map { $0["sku"] as? String } == ["SVC-ONB"])
        let byRate = await harness.call("GET", "/items", query: [("sort_column", "rate"), ("sort_order", "D")])
        #expect(byRate.list("items").first?["name"] as? String == "Onboarding workshop")

        let created = await harness.call(
            "POST", "/items", json: ["name": "Onsite training day", "rate": 800, "product_type": "service"])
        #expect(created.status == 201)
        #expect(created.message == "The item has been added.")
        let id = try #require(created.object("item")["item_id"] as? String)
        let duplicate = await harness.call("POST", "/items", json: ["name": "onsite TRAINING day", "rate": 1])
        #expect(duplicate.status == 400)
        #expect(await harness.call("POST", "/items", json: ["name": "No rate"]).message.contains("rate"))
        #expect(
            await harness.call("POST", "/items", json: ["name": "Odd", "rate": 1, "product_type": "x"]).status == 400)

        let updated = await harness.call("PUT", "/items/\(id)", json: ["name": "Onsite training day", "rate": 850.25])
        #expect(updated.message == "Item details have been saved.")
        #expect(updated.text.contains(#""rate":850.25"#))
        #expect(await harness.call("PUT", "/items/\(id)", json: ["rate": 1]).status == 400)

        #expect(await harness.call("POST", "/items/\(id)/inactive").message == "The item has been marked Inactive.")
        let inactive = await harness.call("GET", "/items", query: [("filter_by", "Status.Inactive")])
        #expect(inactive.list("items").count == 2)
        #expect(await harness.call("POST", "/items/\(id)/active").message == "The item has been marked Active.")
        #expect(await harness.call("DELETE", "/items/\(id)").message == "The item has been deleted.")
        #expect(await harness.call("GET", "/items/\(id)").status == 404)
        #expect(await harness.call("DELETE", "/items/\(id)").status == 404)
    }

    @Test("Catalog seeding takes its ids last, and refused creates take none")
    func seedOrder() async throws {
        let harness = Harness()
        let productID = try await Self.mainProductID(harness)
        let items = await harness.call("GET", "/items").list("items").compactMap { $0["item_id"] as? String }
        let customers = await harness.call("GET", "/customers").list("customers")
            .compactMap { $0["customer_id"] as? String }
        let lastCustomer = try #require(customers.max())
        #expect(items.allSatisfy { $0 > lastCustomer && $0 > productID })

        // A refused create takes no id, so ids stay predictable.
        let first = await harness.call("POST", "/items", json: ["name": "First", "rate": 1]).object("item")
        for path in ["/plans", "/addons", "/items", "/products", "/coupons"] {
            #expect(await harness.call("POST", path, json: ["plan_code": "x", "addon_code": "y"]).status == 400)
        }
        let second = await harness.call("POST", "/items", json: ["name": "Second", "rate": 1]).object("item")
        let firstID = try #require((first["item_id"] as? String).flatMap { Int($0) })
        #expect(second["item_id"] as? String == String(firstID + 1))
        let bare = Harness(configuration: EmulatorConfiguration(seedDemoData: false, now: fixedNow))
        #expect(await bare.call("GET", "/products").list("products").count == 2)
        #expect(await bare.call("GET", "/items").list("items").count == 3)
    }
}
