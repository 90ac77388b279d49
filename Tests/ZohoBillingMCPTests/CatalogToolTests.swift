import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoFakeServer

/// The catalog toolset through the built binary and the loopback Zoho: for each resource a create, a filtered
/// list, a get, an update, a confirmed delete and the status changes, checking the request Zoho receives and the
/// data that comes back.
@Suite(.serialized) struct CatalogToolTests {
    /// A session whose destructive calls go through the preview and the confirmation token.
    struct Catalog {
        let environment: TestEnvironment
        let session: ToolCallTests.Session

        /// Calls a write or read tool and checks its request (see ``ToolCallTests/Session/call(_:_:expect:)``).
        @discardableResult
        func call(_ name: String, _ arguments: JSONValue = [:], expect: ToolCallTests.Expectation) async throws
            -> JSONValue
        {
            try await session.call(name, arguments, expect: expect)
        }

        /// Calls a destructive tool twice: the first call must only preview, the second (with the token) must send
        /// exactly `method path` and succeed.
        func confirmed(_ name: String, _ arguments: [String: JSONValue], method: String, path: String) async throws {
            let server = session.server
            let before = SafetyTestSupport.changes(environment).count
            session.nextID += 1
            let preview = try await server.callTool(name, .object(arguments), id: session.nextID)
            #expect(preview["structuredContent"]?["status"] == "confirmation_required", "\(name): \(preview.toolText)")
            #expect(preview.toolText.contains("\(method) \(path)"), "\(name): \(preview.toolText)")
            #expect(SafetyTestSupport.changes(environment).count == before, "\(name): a preview changes nothing")
            let token = try #require(preview["structuredContent"]?["confirmation_token"]?.stringValue)
            var confirmed = arguments
            confirmed["confirmation_token"] = .string(token)
            session.nextID += 1
            let done = try await server.callTool(name, .object(confirmed), id: session.nextID)
            #expect(done["isError"] == false, "\(name): \(done.toolText)")
            let changes = SafetyTestSupport.changes(environment).dropFirst(before)
            #expect(Array(changes) == ["\(method) /billing/v1\(path)"], "\(name)")
        }

        /// A destructive call, confirmed with its token, that Zoho refuses; returns the error text.
        func refusedAfterConfirming(_ name: String, _ arguments: [String: JSONValue]) async throws -> String {
            session.nextID += 1
            let preview = try await session.server.callTool(name, .object(arguments), id: session.nextID)
            let token = try #require(preview["structuredContent"]?["confirmation_token"]?.stringValue)
            var confirmed = arguments
            confirmed["confirmation_token"] = .string(token)
            return try await refused(name, .object(confirmed))
        }

        /// A tool call that Zoho refuses; returns the error text.
        func refused(_ name: String, _ arguments: JSONValue) async throws -> String {
            session.nextID += 1
            let result = try await session.server.callTool(name, arguments, id: session.nextID)
            #expect(result["isError"] == true, "\(name): \(result.toolText)")
            return result.toolText
        }
    }

    static func start() async throws -> (TestEnvironment, Catalog) {
        let environment = try await TestEnvironment.start()
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let session = ToolCallTests.Session(environment: environment, server: server)
        return (environment, Catalog(environment: environment, session: session))
    }

    @Test("Products and plans: create, list, get, update, mark inactive and active, delete after confirming")
    func productsAndPlans() async throws {
        let (environment, catalog) = try await Self.start()
        defer { Task { await environment.stop() } }

        let products = try await catalog.call("list_products", expect: .init(method: "GET", path: "/products"))
        #expect(products["products"]?.arrayValue?.count == 2)
        let created = try await catalog.call(
            "create_product", ["name": "Acme Analytics", "redirect_url": "https://example.com/welcome"],
            expect: .init(method: "POST", path: "/products", body: ["name": #""name":"Acme Analytics""#]))
        let productID = try #require(created["product"]?["product_id"]?.stringValue)
        try await catalog.call(
            "update_product", ["product_id": .string(productID), "name": "Acme Insights"],
            expect: .init(method: "PUT", path: "/products/\(productID)", body: ["name": #""name":"Acme Insights""#]))
        let product = try await catalog.call(
            "get_product", ["product_id": .string(productID)],
            expect: .init(method: "GET", path: "/products/\(productID)"))
        #expect(product["product"]?["name"] == "Acme Insights")
        #expect(product["product"]?["redirect_url"] == "https://example.com/welcome")

        // "Create a new plan called Business Pro, billed monthly at $99."
        let plan = try await catalog.call(
            "create_plan",
            [
                "plan_code": "business-pro", "name": "Business Pro", "recurring_price": 99, "interval": 1,
                "interval_unit": "months", "product_id": .string(productID),
            ],
            expect: .init(
                method: "POST", path: "/plans",
                body: [
                    "code": #""plan_code":"business-pro""#, "price": #""recurring_price":99"#,
                    "product": #""product_id":"\#(productID)""#,
                ]))
        #expect(plan["plan"]?["product_name"] == "Acme Insights")
        let updated = try await catalog.call(
            "update_plan",
            [
                "plan_code": "business-pro", "name": "Business Pro", "interval": 1,
                "recurring_price": .number(JSONNumber(text: "109.90")!),
            ],
            expect: .init(
                method: "PUT", path: "/plans/business-pro", body: ["price": #""recurring_price":109.90"#]))
        #expect(updated["plan"]?["recurring_price"]?.numberValue?.text == "109.90")
        try await catalog.call(
            "mark_plan_inactive", ["plan_code": "business-pro"],
            expect: .init(method: "POST", path: "/plans/business-pro/markasinactive"))
        let inactive = try await catalog.call(
            "list_plans", ["status": "inactive", "product_id": .string(productID)],
            expect: .init(
                method: "GET", path: "/plans", query: ["filter_by": "PlanStatus.INACTIVE", "product_id": productID]))
        #expect(inactive["plans"]?.arrayValue?.compactMap { $0["plan_code"]?.stringValue } == ["business-pro"])
        try await catalog.call(
            "mark_plan_active", ["plan_code": "business-pro"],
            expect: .init(method: "POST", path: "/plans/business-pro/markasactive"))

        // A product with a plan cannot go; the plan can, and then the product.
        let inUse = try await catalog.refusedAfterConfirming("delete_product", ["product_id": .string(productID)])
        #expect(inUse.contains("HTTP 400") && inUse.contains("plans belong to it"), "\(inUse)")
        try await catalog.call(
            "mark_product_inactive", ["product_id": .string(productID)],
            expect: .init(method: "POST", path: "/products/\(productID)/markasinactive"))
        try await catalog.call(
            "mark_product_active", ["product_id": .string(productID)],
            expect: .init(method: "POST", path: "/products/\(productID)/markasactive"))
        try await catalog.confirmed(
            "delete_plan", ["plan_code": "business-pro"], method: "DELETE", path: "/plans/business-pro")
        try await catalog.confirmed(
            "delete_product", ["product_id": .string(productID)], method: "DELETE", path: "/products/\(productID)")
        let gone = try await catalog.refused("get_product", ["product_id": .string(productID)])
        #expect(gone.contains("HTTP 404"))
    }

    @Test("Addons: create, filter by type, get, update, mark inactive and active, delete after confirming")
    func addons() async throws {
        let (environment, catalog) = try await Self.start()
        defer { Task { await environment.stop() } }
        let plans = try await catalog.call("list_plans", expect: .init(method: "GET", path: "/plans"))
        let productID = try #require(plans["plans"]?.arrayValue?.first?["product_id"]?.stringValue)

        let created = try await catalog.call(
            "create_addon",
            [
                "addon_code": "priority-support", "name": "Priority support", "unit_name": "account",
                "product_id": .string(productID), "type": "one_time",
                "price_brackets": [["price": .number(JSONNumber(text: "49.50")!)]],
            ],
            expect: .init(
                method: "POST", path: "/addons",
                body: ["brackets": #""price_brackets":[{"price":49.50}]"#, "type": #""type":"one_time""#]))
        #expect(created["addon"]?["price"]?.numberValue?.text == "49.50")
        let oneTime = try await catalog.call(
            "list_addons", ["status": "one_time", "product_id": .string(productID)],
            expect: .init(
                method: "GET", path: "/addons", query: ["filter_by": "AddonStatus.ONETIME", "product_id": productID]))
        let codes = oneTime["addons"]?.arrayValue?.compactMap { $0["addon_code"]?.stringValue } ?? []
        #expect(Set(codes) == ["onboarding", "priority-support"])
        try await catalog.call(
            "update_addon",
            [
                "addon_code": "priority-support", "name": "Priority support", "unit_name": "account",
                "product_id": .string(productID), "price_brackets": [["price": 59]],
            ],
            expect: .init(
                method: "PUT", path: "/addons/priority-support", body: ["price": #""price_brackets":[{"price":59}]"#]))
        let addon = try await catalog.call(
            "get_addon", ["addon_code": "priority-support"],
            expect: .init(method: "GET", path: "/addons/priority-support"))
        #expect(addon["addon"]?["price"] == 59)
        try await catalog.call(
            "mark_addon_inactive", ["addon_code": "priority-support"],
            expect: .init(method: "POST", path: "/addons/priority-support/markasinactive"))
        let inactive = try await catalog.call(
            "list_addons", ["status": "inactive"],
            expect: .init(method: "GET", path: "/addons", query: ["filter_by": "AddonStatus.INACTIVE"]))
        #expect(inactive["addons"]?.arrayValue?.count == 1)
        try await catalog.call(
            "mark_addon_active", ["addon_code": "priority-support"],
            expect: .init(method: "POST", path: "/addons/priority-support/markasactive"))
        try await catalog.confirmed(
            "delete_addon", ["addon_code": "priority-support"], method: "DELETE", path: "/addons/priority-support")
    }

    @Test("Coupons: create, filter, get, update the name and expiry, mark, delete after confirming")
    func coupons() async throws {
        let (environment, catalog) = try await Self.start()
        defer { Task { await environment.stop() } }
        let plans = try await catalog.call("list_plans", expect: .init(method: "GET", path: "/plans"))
        let productID = try #require(plans["plans"]?.arrayValue?.first?["product_id"]?.stringValue)

        try await catalog.call(
            "create_coupon",
            [
                "coupon_code": "SUMMER20", "name": "Summer 20 off", "product_id": .string(productID),
                "discount_by": "flat", "discount_value": 20, "type": "duration", "duration": 2,
                "apply_to_plans": "select", "plans": [["plan_code": "basic-monthly"]],
            ],
            expect: .init(
                method: "POST", path: "/coupons",
                body: ["value": #""discount_value":20"#, "plans": #""plans":[{"plan_code":"basic-monthly"}]"#]))
        let active = try await catalog.call(
            "list_coupons", ["status": "active"],
            expect: .init(method: "GET", path: "/coupons", query: ["filter_by": "CouponStatus.ACTIVE"]))
        #expect(active["coupons"]?.arrayValue?.first?["coupon_code"] == "SUMMER20")
        let updated = try await catalog.call(
            "update_coupon",
            ["coupon_code": "SUMMER20", "name": "Summer offer", "expiry_at": "2099-08-31", "max_redemption": 100],
            expect: .init(
                method: "PUT", path: "/coupons/SUMMER20",
                body: ["name": #""name":"Summer offer""#, "expiry": #""expiry_at":"2099-08-31""#]))
        #expect(updated["coupon"]?["max_redemption"] == 100)
        let coupon = try await catalog.call(
            "get_coupon", ["coupon_code": "SUMMER20"], expect: .init(method: "GET", path: "/coupons/SUMMER20"))
        #expect(coupon["coupon"]?["name"] == "Summer offer")
        #expect(coupon["coupon"]?["discount_value"] == 20)
        // The discount is fixed once created; the tool does not even offer it.
        let discount = try await catalog.refused(
            "update_coupon", ["coupon_code": "SUMMER20", "name": "Summer offer", "discount_value": 25])
        #expect(discount.contains("discount_value"))

        try await catalog.call(
            "mark_coupon_inactive", ["coupon_code": "SUMMER20"],
            expect: .init(method: "POST", path: "/coupons/SUMMER20/markasinactive"))
        let inactive = try await catalog.call(
            "list_coupons", ["status": "inactive", "product_id": .string(productID)],
            expect: .init(
                method: "GET", path: "/coupons", query: ["filter_by": "CouponStatus.INACTIVE", "product_id": productID]
            ))
        #expect(inactive["coupons"]?.arrayValue?.compactMap { $0["coupon_code"]?.stringValue } == ["SUMMER20"])
        try await catalog.call(
            "mark_coupon_active", ["coupon_code": "SUMMER20"],
            expect: .init(method: "POST", path: "/coupons/SUMMER20/markasactive"))
        try await catalog.confirmed(
            "delete_coupon", ["coupon_code": "SUMMER20"], method: "DELETE", path: "/coupons/SUMMER20")
        #expect(try await catalog.refused("get_coupon", ["coupon_code": "SUMMER20"]).contains("HTTP 404"))
    }

    @Test("Items: create, search, get, update, mark inactive and active, delete after confirming")
    func items() async throws {
        let (environment, catalog) = try await Self.start()
        defer { Task { await environment.stop() } }
        let created = try await catalog.call(
            "create_item",
            [
                "name": "Onsite training day", "rate": .number(JSONNumber(text: "800.00")!),
                "product_type": "service", "sku": "SVC-DAY",
            ],
            expect: .init(
                method: "POST", path: "/items", body: ["rate": #""rate":800.00"#, "sku": #""sku":"SVC-DAY""#]))
        let itemID = try #require(created["item"]?["item_id"]?.stringValue)
        let found = try await catalog.call(
            "list_items", ["status": "active", "search_text": "training", "sort_column": "rate"],
            expect: .init(
                method: "GET", path: "/items",
                query: ["filter_by": "Status.Active", "search_text": "training", "sort_column": "rate"]))
        #expect(found["items"]?.arrayValue?.compactMap { $0["item_id"]?.stringValue } == [itemID])
        try await catalog.call(
            "update_item", ["item_id": .string(itemID), "name": "Onsite training day", "rate": 850],
            expect: .init(method: "PUT", path: "/items/\(itemID)", body: ["rate": #""rate":850"#]))
        let item = try await catalog.call(
            "get_item", ["item_id": .string(itemID)], expect: .init(method: "GET", path: "/items/\(itemID)"))
        #expect(item["item"]?["rate"] == 850)
        #expect(item["item"]?["sku"] == "SVC-DAY")
        try await catalog.call(
            "mark_item_inactive", ["item_id": .string(itemID)],
            expect: .init(method: "POST", path: "/items/\(itemID)/inactive"))
        let inactive = try await catalog.call(
            "list_items", ["status": "inactive"],
            expect: .init(method: "GET", path: "/items", query: ["filter_by": "Status.Inactive"]))
        #expect(inactive["items"]?.arrayValue?.contains { $0["item_id"] == .string(itemID) } == true)
        try await catalog.call(
            "mark_item_active", ["item_id": .string(itemID)],
            expect: .init(method: "POST", path: "/items/\(itemID)/active"))
        try await catalog.confirmed(
            "delete_item", ["item_id": .string(itemID)], method: "DELETE", path: "/items/\(itemID)")
        #expect(try await catalog.refused("get_item", ["item_id": .string(itemID)]).contains("HTTP 404"))
    }

    @Test("Zoho's refusals come back as tool errors: a duplicate plan code, a plan or coupon in use")
    func refusals() async throws {
        let (environment, catalog) = try await Self.start()
        defer { Task { await environment.stop() } }
        let plans = try await catalog.call("list_plans", expect: .init(method: "GET", path: "/plans"))
        let productID = try #require(plans["plans"]?.arrayValue?.first?["product_id"]?.stringValue)
        let duplicate = try await catalog.refused(
            "create_plan",
            [
                "plan_code": "basic-monthly", "name": "Again", "recurring_price": 1, "interval": 1,
                "product_id": .string(productID),
            ])
        #expect(duplicate.contains("HTTP 400") && duplicate.contains("already exists"))

        let subscriptions = try await catalog.call(
            "list_subscriptions", ["status": "live"], expect: .init(method: "GET", path: "/subscriptions"))
        let live = try #require(subscriptions["subscriptions"]?.arrayValue?.first)
        let planCode = try #require(live["plan_code"]?.stringValue)
        let subscriptionID = try #require(live["subscription_id"]?.stringValue)
        let inUse = try await catalog.refusedAfterConfirming("delete_plan", ["plan_code": .string(planCode)])
        #expect(inUse.contains("HTTP 400") && inUse.contains("subscriptions use it"), "\(inUse)")

        try await catalog.call(
            "apply_subscription_coupon", ["subscription_id": .string(subscriptionID), "coupon_code": "FLAT20"],
            expect: .init(method: "POST", path: "/subscriptions/\(subscriptionID)/coupons/FLAT20"))
        let couponInUse = try await catalog.refusedAfterConfirming("delete_coupon", ["coupon_code": "FLAT20"])
        #expect(couponInUse.contains("subscriptions use it"), "\(couponInUse)")
        // The confirmed request reached Zoho, which refused it.
        #expect(SafetyTestSupport.changes(environment).contains("DELETE /billing/v1/coupons/FLAT20"))
    }
}
