import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// Every fixed tool of the five areas, called through the built binary against the loopback Zoho, checking the
/// request Zoho receives and the data that comes back.
@Suite struct ToolCallTests {
    /// One call: its arguments, the request Zoho must see, and a check on the structured result.
    struct Expectation {
        var method: String
        var path: String
        var query: [String: String] = [:]
        var body: [String: String] = [:]
        var organizationHeader = true
    }

    final class Session {
        let environment: TestEnvironment
        let server: ServerProcess
        var nextID = 10

        init(environment: TestEnvironment, server: ServerProcess) {
            self.environment = environment
            self.server = server
        }

        /// Calls the tool, checks the request Zoho saw, and returns the structured result.
        @discardableResult
        func call(_ name: String, _ arguments: JSONValue = [:], expect: Expectation) async throws -> JSONValue {
            let before = environment.apiRequests.count
            nextID += 1
            let result = try await server.callTool(name, arguments, id: nextID)
            let text = result.toolText
            guard result["isError"] == false else { throw TestFailure("\(name) failed: \(text)") }
            let requests = environment.apiRequests.dropFirst(before)
            let request = try #require(requests.last, "\(name) sent no request")
            #expect(request.method == expect.method, "\(name)")
            #expect(request.path == "/billing/v1" + expect.path, "\(name)")
            #expect(request.headers["authorization"]?.hasPrefix("Zoho-oauthtoken 1000.") == true, "\(name)")
            let organization = request.headers["x-com-zoho-subscriptions-organizationid"]
            #expect((organization != nil) == expect.organizationHeader, "\(name) organization header")
            if expect.organizationHeader { #expect(organization == "20071234", "\(name)") }
            let query = Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            for (key, value) in expect.query { #expect(query[key] == value, "\(name) query \(key)") }
            if !expect.body.isEmpty {
                let body = String(decoding: request.body, as: UTF8.self)
                for (key, fragment) in expect.body {
                    #expect(body.contains(fragment), "\(name) body \(key): \(body)")
                }
                #expect(request.headers["content-type"]?.hasPrefix("application/json") == true)
            }
            let structured = try #require(result["structuredContent"], "\(name) has no structured content")
            #expect(text.contains("\n{"), "\(name) text carries the JSON")
            return structured
        }
    }

    @Test("Each fixed tool sends the right request and returns Zoho's data")
    func fixedTools() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        // This test checks request mapping; the confirmation step has its own tests (ConfirmationTests).
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_CONFIRM": "off"]))
        _ = try await server.initialize()
        let session = Session(environment: environment, server: server)

        let organizations = try await session.call(
            "list_organizations", expect: .init(method: "GET", path: "/organizations", organizationHeader: false))
        #expect(organizations["organizations"]?.arrayValue?.first?["organization_id"] == "20071234")

        // Customers and contact persons.
        let customers = try await session.call(
            "list_customers", ["per_page": 2],
            expect: .init(method: "GET", path: "/customers", query: ["per_page": "2"]))
        let customerID = try #require(customers["customers"]?.arrayValue?.first?["customer_id"]?.stringValue)
        let customer = try await session.call(
            "get_customer", ["customer_id": .string(customerID)],
            expect: .init(method: "GET", path: "/customers/\(customerID)"))
        #expect(customer["customer"]?["customer_id"] == .string(customerID))
        let created = try await session.call(
            "create_customer", ["display_name": "Ada Lovelace Ltd", "email": "ada@example.com"],
            expect: .init(
                method: "POST", path: "/customers", body: ["display_name": #""display_name":"Ada Lovelace Ltd""#]))
        let newCustomerID = try #require(created["customer"]?["customer_id"]?.stringValue)
        let updated = try await session.call(
            "update_customer", ["customer_id": .string(newCustomerID), "company_name": "Analytical Engines"],
            expect: .init(
                method: "PUT", path: "/customers/\(newCustomerID)",
                body: ["company_name": #""company_name":"Analytical Engines""#]))
        #expect(updated["customer"]?["company_name"] == "Analytical Engines")
        let person = try await session.call(
            "create_contact_person",
            [
                "customer_id": .string(newCustomerID), "first_name": "Ada", "last_name": "Byron",
                "email": "byron@example.com",
            ],
            expect: .init(
                method: "POST", path: "/customers/\(newCustomerID)/contactpersons",
                body: ["email": #""email":"byron@example.com""#]))
        let personID = try #require(person["contact_person"]?["contactperson_id"]?.stringValue)
        let people = try await session.call(
            "list_contact_persons", ["customer_id": .string(newCustomerID)],
            expect: .init(method: "GET", path: "/customers/\(newCustomerID)/contactpersons"))
        #expect(people["contact_persons"]?.arrayValue?.count == 1)
        try await session.call(
            "get_contact_person", ["customer_id": .string(newCustomerID), "contactperson_id": .string(personID)],
            expect: .init(method: "GET", path: "/customers/\(newCustomerID)/contactpersons/\(personID)"))

        // Invoices.
        let overdue = try await session.call(
            "list_invoices", ["status": "overdue"],
            expect: .init(method: "GET", path: "/invoices", query: ["filter_by": "Status.OverDue", "per_page": "25"]))
        #expect(overdue["invoices"]?.arrayValue?.allSatisfy { $0["status"] == "overdue" } == true)
        let invoice = try await session.call(
            "create_invoice",
            [
                "customer_id": .string(newCustomerID), "date": "2026-11-21",
                "invoice_items": [
                    [
                        "product_id": "1", "name": "Consulting", "rate": .number(JSONNumber(text: "19.99")!),
                        "quantity": 3,
                    ]
                ],
            ],
            expect: .init(method: "POST", path: "/invoices", body: ["rate": #""rate":19.99"#]))
        let invoiceID = try #require(invoice["invoice"]?["invoice_id"]?.stringValue)
        let fetched = try await session.call(
            "get_invoice", ["invoice_id": .string(invoiceID)],
            expect: .init(method: "GET", path: "/invoices/\(invoiceID)"))
        #expect(fetched["invoice"]?["total"]?.numberValue?.text == "59.97")
        try await session.call(
            "email_invoice",
            [
                "invoice_id": .string(invoiceID), "to_mail_ids": ["ada@example.com"], "subject": "Your invoice",
                "body": "Thanks.",
            ],
            expect: .init(
                method: "POST", path: "/invoices/\(invoiceID)/email",
                body: ["to": #""to_mail_ids":["ada@example.com"]"#]))
        try await session.call(
            "void_invoice", ["invoice_id": .string(invoiceID)],
            expect: .init(method: "POST", path: "/invoices/\(invoiceID)/void"))

        // Subscriptions and plans.
        let plans = try await session.call(
            "list_plans", ["status": "active"],
            expect: .init(method: "GET", path: "/plans", query: ["filter_by": "PlanStatus.ACTIVE"]))
        let planCode = try #require(plans["plans"]?.arrayValue?.first?["plan_code"]?.stringValue)
        let subscriptions = try await session.call(
            "list_subscriptions", ["status": "live"],
            expect: .init(method: "GET", path: "/subscriptions", query: ["filter_by": "SubscriptionStatus.LIVE"]))
        let existingID = try #require(
            subscriptions["subscriptions"]?.arrayValue?.first?["subscription_id"]?.stringValue)
        try await session.call(
            "get_subscription", ["subscription_id": .string(existingID)],
            expect: .init(method: "GET", path: "/subscriptions/\(existingID)"))
        let subscription = try await session.call(
            "create_subscription", ["customer_id": .string(newCustomerID), "plan": ["plan_code": .string(planCode)]],
            expect: .init(method: "POST", path: "/subscriptions", body: ["plan": #""plan_code":"\#(planCode)""#]))
        let subscriptionID = try #require(subscription["subscription"]?["subscription_id"]?.stringValue)
        let cancelled = try await session.call(
            "cancel_subscription", ["subscription_id": .string(subscriptionID), "cancel_at_end": true],
            expect: .init(
                method: "POST", path: "/subscriptions/\(subscriptionID)/cancel", query: ["cancel_at_end": "true"]))
        #expect(cancelled["subscription"]?["status"] == "non_renewing")

        // Payments.
        let open = try await session.call(
            "list_invoices", ["status": "unpaid", "customer_id": .string(customerID)],
            expect: .init(
                method: "GET", path: "/invoices", query: ["filter_by": "Status.Unpaid", "customer_id": customerID]))
        let unpaid = try #require(open["invoices"]?.arrayValue?.first)
        let unpaidID = try #require(unpaid["invoice_id"]?.stringValue)
        let payment = try await session.call(
            "record_payment",
            [
                "customer_id": .string(customerID), "payment_mode": "cash",
                "amount": .number(JSONNumber(text: "19.99")!),
                "date": "2026-11-21",
                "invoices": [["invoice_id": .string(unpaidID), "amount_applied": .number(JSONNumber(text: "19.99")!)]],
            ],
            expect: .init(method: "POST", path: "/payments", body: ["amount": #""amount":19.99"#]))
        let paymentID = try #require(payment["payment"]?["payment_id"]?.stringValue)
        #expect(payment["payment"]?["amount"]?.numberValue?.text == "19.99")
        try await session.call(
            "get_payment", ["payment_id": .string(paymentID)],
            expect: .init(method: "GET", path: "/payments/\(paymentID)"))
        let payments = try await session.call(
            "list_payments", ["customer_id": .string(customerID)],
            expect: .init(method: "GET", path: "/payments", query: ["customer_id": customerID]))
        #expect(payments["payments"]?.arrayValue?.contains { $0["payment_id"] == .string(paymentID) } == true)

        try environment.assertNoSecrets(in: [server.stdoutText, server.stderrText])
    }

    @Test("List results report further pages and how to fetch them")
    func pagination() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let first = try await server.callTool("list_invoices", ["per_page": 2], id: 1)
        let text = first.toolText
        #expect(text.hasPrefix("2 invoices on page 1, USD "), "\(text)")
        #expect(text.contains(" outstanding. More exist: call list_invoices again with page=2"), "\(text)")
        #expect(first["structuredContent"]?["page_context"]?["has_more_page"] == true)
        let second = try await server.callTool("list_invoices", ["per_page": 2, "page": 2], id: 2)
        #expect(second["structuredContent"]?["page_context"]?["page"] == 2)
        let firstIDs = first["structuredContent"]?["invoices"]?.arrayValue?.compactMap { $0["invoice_id"] }
        let secondIDs = second["structuredContent"]?["invoices"]?.arrayValue?.compactMap { $0["invoice_id"] }
        #expect(firstIDs != secondIDs)
        let all = try await server.callTool("list_invoices", ["per_page": 200], id: 3)
        #expect(all.toolText.contains("No further pages."))
    }

    @Test("Zoho errors become tool errors naming the HTTP status, Zoho's code and message")
    func zohoErrors() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let missing = try await server.callTool("get_invoice", ["invoice_id": "1"], id: 1)
        #expect(missing["isError"] == true)
        let text = missing.toolText
        #expect(text.contains("Zoho answered HTTP 404 with code 1002"))

        var throttle = EmulatorFault(status: 429, code: 44, message: "Too many requests", method: "POST")
        throttle.headers = ["Retry-After": "0"]
        environment.emulator.enqueueFault(throttle)
        let throttled = try await server.callTool(
            "create_customer", ["display_name": "Throttled Ltd", "email": "t@example.com"], id: 2)
        let throttledText = throttled.toolText
        #expect(throttled["isError"] == true)
        #expect(throttledText.contains("HTTP 429 with code 44: Too many requests."))
        #expect(throttledText.contains("rate-limiting"))

        environment.emulator.enqueueFault(
            EmulatorFault(status: 200, code: 1001, message: "This operation is not allowed"))
        let businessRule = try await server.callTool("list_customers", id: 3)
        #expect(businessRule["isError"] == true)
        #expect(businessRule.toolText.contains("HTTP 200 with code 1001"))
    }

    @Test("Tools above the access level are hidden from the list and refused when called")
    func accessLevel() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment(access: "read", toolsets: "default"))
        _ = try await server.initialize()
        let list = try await server.request("tools/list", id: 1)
        let tools = list["result"]?["tools"]?.arrayValue ?? []
        #expect(tools.allSatisfy { $0["annotations"]?["readOnlyHint"] == true })
        let refused = try await server.callTool("void_invoice", ["invoice_id": "1"], id: 2)
        #expect(refused["isError"] == true)
        #expect(refused.toolText.contains("ZOHO_MCP_ACCESS (--access) to full"))
        #expect(environment.apiRequests.isEmpty)
    }

    @Test("With several organizations a call names them instead of guessing; organization_id or the default picks one")
    func severalOrganizations() async throws {
        let second = EmulatorOrganization(id: "20079999", name: "Globex Europe", currencyCode: "EUR")
        let environment = try await TestEnvironment.start(organizations: [.demo, second])
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let ambiguous = try await server.callTool("list_customers", id: 1)
        #expect(ambiguous["isError"] == true)
        let text = ambiguous.toolText
        #expect(text.contains("20071234 (Acme Demo)") && text.contains("20079999 (Globex Europe)"))
        #expect(text.contains("organization_id"))
        let chosen = try await server.callTool("list_customers", ["organization_id": "20079999"], id: 2)
        #expect(chosen["isError"] == false)
        #expect(environment.apiRequests.last?.headers["x-com-zoho-subscriptions-organizationid"] == "20079999")

        let configured = try ServerProcess(
            environment: environment.environment(extra: ["ZOHO_ORGANIZATION_ID": "20079999"]))
        _ = try await configured.initialize()
        #expect(try await configured.callTool("list_invoices", id: 1)["isError"] == false)
        #expect(environment.apiRequests.last?.headers["x-com-zoho-subscriptions-organizationid"] == "20079999")
    }

    @Test("A Zoho call that runs past the timeout is a tool error that warns a change may have been applied")
    func timeout() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_TIMEOUT": "1"]))
        _ = try await server.initialize()
        #expect(try await server.callTool("list_plans", id: 1)["isError"] == false)
        environment.emulator.enqueueFault(.slow(by: .seconds(3), pathPrefix: "/billing/v1/customers"))
        let started = ContinuousClock.now
        let result = try await server.callTool(
            "create_customer", ["display_name": "Slow Ltd", "email": "slow@example.com"], id: 2)
        #expect(ContinuousClock.now - started < .milliseconds(2_500))
        #expect(result["isError"] == true)
        #expect(result.toolText.contains("timed out"))
        #expect(result.toolText.contains("may still have been applied"))
        #expect(try await server.callTool("list_plans", id: 3)["isError"] == false, "the server keeps working")
    }
}
