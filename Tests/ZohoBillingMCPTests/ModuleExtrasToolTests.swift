import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The module extras through the built binary against the loopback Zoho: the request Zoho receives (method, path,
/// query, whole body) for the new tools, the search filters and the schema fixes.
@Suite(.serialized) struct ModuleExtrasToolTests {
    /// Seeded records the calls below use (see OrganizationData+CustomerExtras.swift and +SubscriptionExtras.swift).
    static let northwind = "903000000010011"
    static let northwindCard = "903000500010011"
    static let northwindAccount = "903000600010011"
    static let northwindContact = "903000000010012"
    static let northwindSubscription = "903000000010020"
    static let northwindOpenInvoice = "903000000010024"
    static let seededNote = "903000800010020"

    /// A server with confirmation off, so the destructive calls here go straight through.
    static func session() async throws -> (TestEnvironment, ServerProcess, ToolCallTests.Session) {
        let environment = try await TestEnvironment.start()
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_CONFIRM": "off"]))
        _ = try await server.initialize()
        return (environment, server, ToolCallTests.Session(environment: environment, server: server))
    }

    /// The JSON body of the last request Zoho received.
    static func lastBody(_ environment: TestEnvironment) throws -> JSONValue {
        let request = try #require(environment.apiRequests.last)
        return try JSONParser.parse(request.body)
    }

    /// The query of the last request Zoho received, without the paging the tool adds.
    static func lastQuery(_ environment: TestEnvironment) throws -> [String: String] {
        let request = try #require(environment.apiRequests.last)
        return Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            .filter { $0.key != "per_page" && $0.key != "page" }
    }

    /// A call that must fail, returning its text.
    static func failing(_ server: ServerProcess, _ name: String, _ arguments: JSONValue, id: Int) async throws
        -> String
    {
        let result = try await server.callTool(name, arguments, id: id)
        #expect(result["isError"] == true, "\(name) should fail")
        return result.toolText
    }

    @Test("Each search argument reaches Zoho under Zoho's own query name")
    func filterMapping() async throws {
        let (environment, server, session) = try await Self.session()
        defer { Task { await environment.stop() } }
        _ = server

        let invoices = try await session.call(
            "list_invoices",
            [
                "invoice_number": "00004", "customer_name": "cedar", "email": "lena.fischer@example.com",
                "date_from": "2000-01-01", "date_to": "2100-12-31", "due_date_from": "2000-01-02",
                "due_date_to": "2100-12-30", "status": "overdue",
            ],
            expect: .init(method: "GET", path: "/invoices"))
        #expect(
            try Self.lastQuery(environment) == [
                "invoice_number_contains": "00004", "customer_name_contains": "cedar",
                "email": "lena.fischer@example.com", "date_start": "2000-01-01", "date_end": "2100-12-31",
                "due_date_start": "2000-01-02", "due_date_end": "2100-12-30", "filter_by": "Status.OverDue",
            ])
        #expect(invoices["invoices"]?.arrayValue?.compactMap { $0["invoice_number"]?.stringValue } == ["INV-00004"])

        let customers = try await session.call(
            "list_customers", ["name": "bistro", "email": "maya", "company_name": "north", "status": "active"],
            expect: .init(method: "GET", path: "/customers"))
        #expect(
            try Self.lastQuery(environment) == [
                "display_name_contains": "bistro", "email_contains": "maya", "company_name_contains": "north",
                "filter_by": "Status.Active",
            ])
        #expect(customers["customers"]?.arrayValue?.compactMap { $0["customer_id"]?.stringValue } == [Self.northwind])

        let subscriptions = try await session.call(
            "list_subscriptions", ["customer_name": "northwind", "plan_code": "basic-monthly", "status": "live"],
            expect: .init(method: "GET", path: "/subscriptions"))
        #expect(
            try Self.lastQuery(environment) == [
                "customer_name_contains": "northwind", "plan_code": "basic-monthly",
                "filter_by": "SubscriptionStatus.LIVE",
            ])
        #expect(subscriptions["subscriptions"]?.arrayValue?.count == 1)
        try await session.call(
            "list_subscriptions", ["status": "online", "customer_id": .string(Self.northwind)],
            expect: .init(
                method: "GET", path: "/subscriptions",
                query: ["filter_by": "SubscriptionMode.ONLINE", "customer_id": Self.northwind]))
        let offline = try await session.call(
            "list_subscriptions", ["status": "offline", "detail": "full"],
            expect: .init(method: "GET", path: "/subscriptions", query: ["filter_by": "SubscriptionMode.OFFLINE"]))
        #expect(offline["subscriptions"]?.arrayValue?.allSatisfy { $0["auto_collect"] == false } == true)

        let payments = try await session.call(
            "list_payments", ["customer_name": "gulf", "date_from": "2000-01-01", "date_to": "2100-01-01"],
            expect: .init(method: "GET", path: "/payments"))
        #expect(
            try Self.lastQuery(environment) == [
                "customer_name_contains": "gulf", "date_start": "2000-01-01", "date_end": "2100-01-01",
            ])
        #expect(payments["payments"]?.arrayValue?.count == 1)
        let outside = try await session.call(
            "list_payments", ["date_from": "2000-01-01", "date_to": "2000-12-31"],
            expect: .init(method: "GET", path: "/payments"))
        #expect(outside["payments"]?.arrayValue?.isEmpty == true)

        let bad = try await Self.failing(server, "list_invoices", ["date_from": "last March"], id: 90)
        #expect(bad.contains("date_from"))
    }

    @Test("update_customer sends only what Zoho's update takes; both customer tools carry the tax fields")
    func customerFixes() async throws {
        let (environment, server, session) = try await Self.session()
        defer { Task { await environment.stop() } }
        let tax: [String: JSONValue] = [
            "tax_authority_name": "California BOE", "tax_treatment": "home_country_mexico",
            "tax_reg_no": "XAXX010101000",
        ]
        var create: [String: JSONValue] = ["display_name": "Tax Test SA", "email": "tax@example.com"]
        create.merge(tax) { $1 }
        let created = try await session.call(
            "create_customer", .object(create), expect: .init(method: "POST", path: "/customers"))
        #expect(try Self.lastBody(environment) == .object(create))
        #expect(created["customer"]?["tax_reg_no"] == "XAXX010101000")
        let id = try #require(created["customer"]?["customer_id"]?.stringValue)

        var update: [String: JSONValue] = ["customer_id": .string(id), "phone": "+52 55 0100"]
        update.merge(tax) { $1 }
        update["tax_treatment"] = "border_region_mexico"
        let updated = try await session.call(
            "update_customer", .object(update), expect: .init(method: "PUT", path: "/customers/\(id)"))
        var sent = update
        sent["customer_id"] = nil
        #expect(try Self.lastBody(environment) == .object(sent))
        #expect(updated["customer"]?["tax_treatment"] == "border_region_mexico")

        for field in ["website", "payment_terms", "notes", "payment_terms_label"] {
            let value: JSONValue = field == "payment_terms" ? 30 : "x"
            let text = try await Self.failing(
                server, "update_customer", ["customer_id": .string(id), field: value], id: 50)
            #expect(text.contains(field), "\(field): \(text)")
        }
    }

    @Test("Collect takes card_id or account_id; buy_one_time_addon carries tax_id")
    func collectAndAddonFixes() async throws {
        let (environment, server, session) = try await Self.session()
        defer { Task { await environment.stop() } }
        let both = try await Self.failing(
            server, "collect_invoice_payment",
            [
                "invoice_id": .string(Self.northwindOpenInvoice), "card_id": .string(Self.northwindCard),
                "account_id": .string(Self.northwindAccount),
            ], id: 40)
        #expect(both.contains("not both"))
        let payment = try await session.call(
            "collect_invoice_payment",
            ["invoice_id": .string(Self.northwindOpenInvoice), "account_id": .string(Self.northwindAccount)],
            expect: .init(method: "POST", path: "/invoices/\(Self.northwindOpenInvoice)/collect"))
        #expect(try Self.lastBody(environment) == ["account_id": .string(Self.northwindAccount)])
        #expect(payment["payment"]?["autotransaction"]?["account_id"] == .string(Self.northwindAccount))

        let overdue = try await session.call(
            "list_invoices", ["customer_name": "cedar", "status": "overdue", "detail": "full"],
            expect: .init(method: "GET", path: "/invoices"))
        let cedarInvoice = try #require(overdue["invoices"]?.arrayValue?.first?["invoice_id"]?.stringValue)
        let cedarID = try #require(overdue["invoices"]?.arrayValue?.first?["customer_id"]?.stringValue)
        let cards = try await session.call(
            "list_customer_cards", ["customer_id": .string(cedarID)],
            expect: .init(method: "GET", path: "/customers/\(cedarID)/cards"))
        let cedarCard = try #require(cards["cards"]?.arrayValue?.first?["card_id"]?.stringValue)
        try await session.call(
            "collect_invoice_payment", ["invoice_id": .string(cedarInvoice), "card_id": .string(cedarCard)],
            expect: .init(method: "POST", path: "/invoices/\(cedarInvoice)/collect"))
        #expect(try Self.lastBody(environment) == ["card_id": .string(cedarCard)])

        let addon: JSONValue = [["addon_code": "onboarding", "quantity": 1, "tax_id": "903000000099001"]]
        try await session.call(
            "buy_one_time_addon", ["subscription_id": .string(Self.northwindSubscription), "addons": addon],
            expect: .init(method: "POST", path: "/subscriptions/\(Self.northwindSubscription)/buyonetimeaddon"))
        #expect(try Self.lastBody(environment) == ["addons": addon])
    }

    @Test("Cards, bank account and CRM lookup send the documented requests")
    func customerExtras() async throws {
        let (environment, _, session) = try await Self.session()
        defer { Task { await environment.stop() } }
        let card = try await session.call(
            "get_customer_card", ["customer_id": .string(Self.northwind), "card_id": .string(Self.northwindCard)],
            expect: .init(method: "GET", path: "/customers/\(Self.northwind)/cards/\(Self.northwindCard)"))
        #expect(card["card"]?["last_four_digits"] == "4242")
        let account = try await session.call(
            "get_customer_bank_account",
            ["customer_id": .string(Self.northwind), "account_id": .string(Self.northwindAccount)],
            expect: .init(method: "GET", path: "/customers/\(Self.northwind)/bankaccounts/\(Self.northwindAccount)"))
        #expect(account["bank_accounts"]?.arrayValue?.first?["account_id"] == .string(Self.northwindAccount))
        let linked = try await session.call(
            "get_customer_by_crm_id", ["reference_id": "5725767000000412011", "reference_id_type": "zcrm_contact_id"],
            expect: .init(
                method: "GET", path: "/customers/reference/5725767000000412011",
                query: ["reference_id_type": "zcrm_contact_id"]))
        #expect(linked["customer"]?["customer_id"] == .string(Self.northwind))
    }

    @Test("Invoice extras: address, custom fields by label, pending lines")
    func invoiceExtras() async throws {
        let (environment, _, session) = try await Self.session()
        defer { Task { await environment.stop() } }
        let drafts = try await session.call(
            "list_invoices", ["status": "draft"], expect: .init(method: "GET", path: "/invoices"))
        let id = try #require(drafts["invoices"]?.arrayValue?.first?["invoice_id"]?.stringValue)

        let address: JSONValue = ["street": "1 Harbour Way", "city": "Oakland", "zip": "94607"]
        try await session.call(
            "update_invoice_address", ["invoice_id": .string(id), "shipping_address": address],
            expect: .init(method: "PUT", path: "/invoices/\(id)/address"))
        #expect(try Self.lastBody(environment) == ["shipping_address": address])

        let byLabel: JSONValue = [["label": "PO approver", "value": "Maya Patel"]]
        let labelled = try await session.call(
            "update_invoice_custom_fields", ["invoice_id": .string(id), "custom_fields": byLabel],
            expect: .init(method: "POST", path: "/invoices/\(id)/customfields"))
        #expect(try Self.lastBody(environment) == ["custom_fields": byLabel])
        #expect(labelled["custom_fields"]?.arrayValue?.first?["customfield_id"]?.stringValue != nil)
        let invoice = try await session.call(
            "get_invoice", ["invoice_id": .string(id)], expect: .init(method: "GET", path: "/invoices/\(id)"))
        #expect(invoice["invoice"]?["custom_fields"]?.arrayValue?.first?["value"] == "Maya Patel")
        #expect(invoice["invoice"]?["shipping_address"]?["street"] == "1 Harbour Way")

        let lines: JSONValue = [["name": "API calls over quota", "price": 15, "quantity": 2]]
        let added = try await session.call(
            "add_invoice_line_items", ["invoice_id": .string(id), "invoice_items": lines],
            expect: .init(method: "POST", path: "/invoices/\(id)/lineitems"))
        #expect(try Self.lastBody(environment) == ["invoice_items": lines])
        let item = try #require(added["invoice"]?["invoice_items"]?.arrayValue?.last?["item_id"]?.stringValue)
        try await session.call(
            "delete_invoice_line_item", ["invoice_id": .string(id), "item_id": .string(item)],
            expect: .init(method: "DELETE", path: "/invoices/\(id)/lineitems/\(item)"))
        #expect(environment.apiRequests.last?.body.isEmpty == true)
    }

    @Test("Subscription extras send the documented requests and later reads show the change")
    func subscriptionExtras() async throws {
        let (environment, _, session) = try await Self.session()
        defer { Task { await environment.stop() } }
        let sub = Self.northwindSubscription
        let steps: [(tool: String, arguments: [String: JSONValue], method: String, path: String)] = [
            (
                "update_subscription_card", ["card_id": .string(Self.northwindCard), "auto_collect": true], "POST",
                "/card"
            ),
            ("remove_subscription_card", [:], "DELETE", "/card"),
            (
                "add_subscription_contact_persons",
                ["contactpersons": [["contactperson_id": .string(Self.northwindContact)]]], "POST", "/contactpersons"
            ),
            (
                "update_subscription_line_item", ["plan_or_addon_code": "basic-monthly", "description": "Five seats"],
                "POST", "/lineitems/basic-monthly"
            ),
            ("update_subscription_reference", ["reference_id": "PO-7781"], "POST", "/reference"),
            ("update_subscription_salesperson", ["salesperson_name": "Franklin"], "POST", "/salesperson"),
            (
                "set_subscription_custom_fields", ["custom_fields": [["label": "Region", "value": "West"]]], "POST",
                "/customfields"
            ),
            ("add_subscription_note", ["description": "Agreed a discount at renewal."], "POST", "/notes"),
            ("delete_subscription_note", ["note_id": .string(Self.seededNote)], "DELETE", "/notes/\(Self.seededNote)"),
        ]
        for step in steps {
            var arguments = step.arguments
            arguments["subscription_id"] = .string(sub)
            try await session.call(
                step.tool, .object(arguments),
                expect: .init(method: step.method, path: "/subscriptions/\(sub)\(step.path)"))
            var body = step.arguments
            body["plan_or_addon_code"] = nil
            body["note_id"] = nil
            if step.method == "POST" {
                #expect(try Self.lastBody(environment) == .object(body), "\(step.tool)")
            } else {
                #expect(environment.apiRequests.last?.body.isEmpty == true, "\(step.tool)")
            }
        }
        let read = try await session.call(
            "get_subscription", ["subscription_id": .string(sub)],
            expect: .init(method: "GET", path: "/subscriptions/\(sub)"))
        let subscription = try #require(read["subscription"])
        #expect(subscription["card"] == nil)
        #expect(subscription["auto_collect"] == false)
        #expect(subscription["reference_id"] == "PO-7781")
        #expect(subscription["salesperson_name"] == "Franklin")
        #expect(subscription["plan"]?["plan_description"] == "Five seats")
        #expect(subscription["contactpersons"]?.arrayValue?.count == 1)
        #expect(subscription["custom_fields"]?.arrayValue?.first?["value"] == "West")
        #expect(subscription["notes"]?.arrayValue?.map { $0["description"] } == ["Agreed a discount at renewal."])
    }

    @Test("Deleting a stored card needs confirmation: the preview sends nothing, the token deletes it once")
    func cardDeleteConfirmation() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let arguments: [String: JSONValue] = [
            "customer_id": .string(Self.northwind), "card_id": .string(Self.northwindCard),
        ]
        let preview = try await server.callTool("delete_customer_card", .object(arguments), id: 2)
        #expect(preview["isError"] == false)
        let structured = try #require(preview["structuredContent"])
        #expect(structured["status"] == "confirmation_required")
        #expect(preview.toolText.contains("Nothing has been sent to Zoho yet"))
        #expect(SafetyTestSupport.changes(environment).isEmpty)
        let token = try #require(structured["confirmation_token"]?.stringValue)

        var confirmed = arguments
        confirmed["confirmation_token"] = .string(token)
        let done = try await server.callTool("delete_customer_card", .object(confirmed), id: 3)
        #expect(done["isError"] == false, "\(done.toolText)")
        #expect(
            SafetyTestSupport.changes(environment)
                == ["DELETE /billing/v1/customers/\(Self.northwind)/cards/\(Self.northwindCard)"])
        let reused = try await server.callTool("delete_customer_card", .object(confirmed), id: 4)
        #expect(reused["isError"] == true)
        #expect(SafetyTestSupport.changes(environment).count == 1)
        let cards = try await server.callTool("list_customer_cards", ["customer_id": .string(Self.northwind)], id: 5)
        #expect(cards["structuredContent"]?["cards"]?.arrayValue?.isEmpty == true)
    }
}
