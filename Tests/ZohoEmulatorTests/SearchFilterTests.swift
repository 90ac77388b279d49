import Foundation
import Testing
import ZohoEmulator

/// The list filters an agent uses to find records by what people call them: part of a number or name, an email,
/// a date range.
@Suite struct SearchFilterTests {
    /// The `field` of every row of a list answer.
    static func values(_ reply: Reply, _ key: String, _ field: String) -> [String] {
        reply.list(key).compactMap { $0[field] as? String }
    }

    @Test("Invoices: number and customer name match in part and ignoring case; email matches whole")
    func invoiceText() async throws {
        let harness = Harness()
        let byNumber = await harness.call("GET", "/invoices", query: [("invoice_number_contains", "00004")])
        #expect(Self.values(byNumber, "invoices", "invoice_number") == ["INV-00004"])
        let byName = await harness.call("GET", "/invoices", query: [("customer_name_contains", "harbor light")])
        let names = Self.values(byName, "invoices", "customer_name")
        #expect(names.count == 3)
        #expect(Set(names) == ["Harbor Light Co."])
        let byEmail = await harness.call("GET", "/invoices", query: [("email", "MAYA.PATEL@example.com")])
        #expect(Set(Self.values(byEmail, "invoices", "customer_name")) == ["Northwind Bistro"])
        let partEmail = await harness.call("GET", "/invoices", query: [("email", "maya")])
        #expect(partEmail.list("invoices").isEmpty)
        let combined = await harness.call(
            "GET", "/invoices", query: [("customer_name_contains", "harbor"), ("filter_by", "Status.Void")])
        #expect(Self.values(combined, "invoices", "invoice_number") == ["INV-00007"])
    }

    @Test("Invoices: date_start/date_end and due_date_start/due_date_end are inclusive ranges")
    func invoiceDates() async throws {
        let harness = Harness()
        let all = await harness.call("GET", "/invoices").list("invoices")
        let dates = all.compactMap { $0["date"] as? String }.sorted()
        #expect(dates.count >= 6)
        let (from, to) = (dates[1], dates[dates.count - 2])
        let expected = all.filter { ($0["date"] as? String).map { $0 >= from && $0 <= to } ?? false }
        let ranged = await harness.call("GET", "/invoices", query: [("date_start", from), ("date_end", to)])
        #expect(
            Set(Self.values(ranged, "invoices", "invoice_id"))
                == Set(expected.compactMap { $0["invoice_id"] as? String }))
        #expect(ranged.list("invoices").count < all.count)

        let dueDates = all.compactMap { $0["due_date"] as? String }.sorted()
        let cutoff = dueDates[dueDates.count / 2]
        let dueBefore = await harness.call("GET", "/invoices", query: [("due_date_end", cutoff)])
        #expect(dueBefore.list("invoices").allSatisfy { ($0["due_date"] as? String ?? "") <= cutoff })
        #expect(dueBefore.list("invoices").count == dueDates.filter { $0 <= cutoff }.count)
        let dueAfter = await harness.call("GET", "/invoices", query: [("due_date_start", cutoff)])
        #expect(dueAfter.list("invoices").count == dueDates.filter { $0 >= cutoff }.count)

        let bad = await harness.call("GET", "/invoices", query: [("date_start", "last March")])
        #expect(bad.status == 400)
        #expect(bad.message.contains("date_start"))
        let backwards = await harness.call("GET", "/invoices", query: [("date_start", to), ("date_end", from)])
        #expect(backwards.code == ZohoErrorCode.invalidValue)
    }

    @Test("Customers: display name, email and company match in part; they combine with the status filter")
    func customers() async throws {
        let harness = Harness()
        let byName = await harness.call("GET", "/customers", query: [("display_name_contains", "bistro")])
        #expect(Self.values(byName, "customers", "display_name") == ["Northwind Bistro"])
        let byEmail = await harness.call("GET", "/customers", query: [("email_contains", "LENA.fischer")])
        #expect(Self.values(byEmail, "customers", "display_name") == ["Cedar & Pine Studio"])
        let byCompany = await harness.call("GET", "/customers", query: [("company_name_contains", "W.L.L")])
        #expect(Self.values(byCompany, "customers", "display_name") == ["Gulf Pearl Trading"])
        let inactive = await harness.call(
            "GET", "/customers", query: [("company_name_contains", "co"), ("filter_by", "Status.Inactive")])
        #expect(Self.values(inactive, "customers", "display_name") == ["Harbor Light Co."])
        #expect(
            await harness.call("GET", "/customers", query: [("display_name_contains", "zzz")]).list("customers").isEmpty
        )
    }

    @Test("Subscriptions: customer name in part, plan code, and the online/offline mode filter")
    func subscriptions() async throws {
        let harness = Harness()
        let byName = await harness.call("GET", "/subscriptions", query: [("customer_name_contains", "NORTHWIND")])
        #expect(Self.values(byName, "subscriptions", "subscription_id") == ["903000000010020"])
        let byPlan = await harness.call("GET", "/subscriptions", query: [("plan_code", "basic-monthly")])
        #expect(byPlan.list("subscriptions").allSatisfy { $0["plan_code"] as? String == "basic-monthly" })
        #expect(!byPlan.list("subscriptions").isEmpty)
        let online = await harness.call("GET", "/subscriptions", query: [("filter_by", "SubscriptionMode.ONLINE")])
        let offline = await harness.call("GET", "/subscriptions", query: [("filter_by", "SubscriptionMode.OFFLINE")])
        let all = await harness.call("GET", "/subscriptions")
        #expect(online.list("subscriptions").allSatisfy { $0["auto_collect"] as? Bool == true })
        #expect(offline.list("subscriptions").allSatisfy { $0["auto_collect"] as? Bool == false })
        #expect(
            online.list("subscriptions").count + offline.list("subscriptions").count == all.list("subscriptions").count)
        #expect(online.pageContext["applied_filter"] as? String == "SubscriptionMode.ONLINE")
    }

    @Test("Payments: customer name in part and an inclusive date range")
    func payments() async throws {
        let harness = Harness()
        let byName = await harness.call("GET", "/payments", query: [("customer_name_contains", "gulf")])
        #expect(Self.values(byName, "payments", "customer_name") == ["Gulf Pearl Trading"])
        let all = await harness.call("GET", "/payments").list("payments")
        let dates = all.compactMap { $0["date"] as? String }.sorted()
        let (from, to) = (dates[1], dates[dates.count - 2])
        let ranged = await harness.call("GET", "/payments", query: [("date_start", from), ("date_end", to)])
        #expect(ranged.list("payments").count == dates.filter { $0 >= from && $0 <= to }.count)
        #expect(await harness.call("GET", "/payments", query: [("date_end", "2025-13-01")]).status == 400)
    }
}
