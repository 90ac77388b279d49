import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The hosted pages, unbilled charges, events and settings tools through the built binary and the loopback Zoho:
/// the request Zoho receives and what comes back.
@Suite(.serialized) struct HostedPageToolTests {
    private typealias Expect = ToolCallTests.Expectation

    private func session(confirm: Bool = false) async throws -> (TestEnvironment, ToolCallTests.Session) {
        let environment = try await TestEnvironment.start()
        let extra = confirm ? [:] : ["ZOHO_MCP_CONFIRM": "off"]
        let server = try ServerProcess(environment: environment.environment(extra: extra))
        _ = try await server.initialize()
        return (environment, ToolCallTests.Session(environment: environment, server: server))
    }

    @Test("create_payment_link turns an unpaid invoice into a page whose URL the result carries")
    func paymentLink() async throws {
        let (environment, session) = try await session()
        defer { Task { await environment.stop() } }
        let unpaid = try await session.call(
            "list_invoices", ["status": "unpaid"],
            expect: Expect(method: "GET", path: "/invoices", query: ["filter_by": "Status.Unpaid"]))
        let invoiceID = try #require(unpaid["invoices"]?.arrayValue?.first?["invoice_id"]?.stringValue)

        let before = environment.apiRequests.count
        let result = try await session.server.callTool(
            "create_payment_link",
            ["invoice_id": .string(invoiceID), "redirect_url": "https://example.com/paid"], id: 90)
        #expect(result["isError"] == false, "\(result.toolText)")
        let request = try #require(environment.apiRequests.dropFirst(before).last)
        #expect(request.method == "POST" && request.path == "/billing/v1/hostedpages/invoicepayment")
        let body = try JSONParser.parse(String(decoding: request.body, as: UTF8.self))
        #expect(body == ["invoice_id": .string(invoiceID), "redirect_url": "https://example.com/paid"])
        let page = try #require(result["structuredContent"]?["hostedpage"])
        let url = try #require(page["url"]?.stringValue)
        #expect(url.hasPrefix("https://billing.zoho.com/hostedpage/2-") && url.hasSuffix("/checkout"))
        #expect(page["action"] == "invoice_payment" && page["status"] == "fresh")
        #expect(result.toolText.hasPrefix("Hosted page has been created successfully."))
        #expect(result.toolText.contains(url), "the link is in the text an agent reads")

        let pageID = try #require(page["hostedpage_id"]?.stringValue)
        let read = try await session.call(
            "get_hosted_page", ["hostedpage_id": .string(pageID)],
            expect: Expect(method: "GET", path: "/hostedpages/\(pageID)"))
        #expect(read["url"] == .string(url))
        #expect(read["invoice_id"] == .string(invoiceID))
        let list = try await session.call(
            "list_hosted_pages", ["per_page": 5],
            expect: Expect(method: "GET", path: "/hostedpages", query: ["per_page": "5"]))
        #expect(list["hosted_pages"]?.arrayValue?.first?["hostedpage_id"] == .string(pageID))

        // A paid invoice gets no link; Zoho's reason comes back as a tool error.
        let paid = try await session.call(
            "list_invoices", ["status": "paid"],
            expect: Expect(method: "GET", path: "/invoices", query: ["filter_by": "Status.Paid"]))
        let paidID = try #require(paid["invoices"]?.arrayValue?.first?["invoice_id"]?.stringValue)
        let refused = try await session.server.callTool("create_payment_link", ["invoice_id": .string(paidID)], id: 91)
        #expect(refused["isError"] == true)
        #expect(refused.toolText.contains("already been paid"))
    }

    @Test("The subscription, card, add-on and payment-method pages send their bodies to their paths")
    func otherPages() async throws {
        let (environment, session) = try await session()
        defer { Task { await environment.stop() } }
        let customers = try await session.call(
            "list_customers", expect: Expect(method: "GET", path: "/customers"))
        let customerID = try #require(customers["customers"]?.arrayValue?.first?["customer_id"]?.stringValue)
        let live = try await session.call(
            "list_subscriptions", ["status": "live"],
            expect: Expect(method: "GET", path: "/subscriptions", query: ["filter_by": "SubscriptionStatus.LIVE"]))
        let subscriptionID = try #require(live["subscriptions"]?.arrayValue?.first?["subscription_id"]?.stringValue)

        let cases: [(tool: String, arguments: JSONValue, path: String, body: [String: String], action: String)] = [
            (
                "create_new_subscription_page",
                ["customer_id": .string(customerID), "plan": ["plan_code": "basic-monthly", "quantity": 2]],
                "/hostedpages/newsubscription",
                [
                    "plan": #""plan_code":"basic-monthly""#, "quantity": #""quantity":2"#,
                    "customer": #""customer_id":"\#(customerID)""#,
                ],
                "new_subscription"
            ),
            (
                "create_update_subscription_page",
                ["subscription_id": .string(subscriptionID), "plan": ["plan_code": "pro-monthly"]],
                "/hostedpages/updatesubscription",
                ["subscription": #""subscription_id":"\#(subscriptionID)""#, "plan": #""plan_code":"pro-monthly""#],
                "update_subscription"
            ),
            (
                "create_update_card_page", ["subscription_id": .string(subscriptionID)], "/hostedpages/updatecard",
                ["subscription": #""subscription_id":"\#(subscriptionID)""#], "update_card"
            ),
            (
                "create_one_time_addon_page",
                ["subscription_id": .string(subscriptionID), "addons": [["addon_code": "onboarding", "quantity": 1]]],
                "/hostedpages/buyonetimeaddon", ["addons": #""addons":[{"#, "code": #""addon_code":"onboarding""#],
                "one_time_addon"
            ),
            (
                "create_add_payment_method_page", ["customer_id": .string(customerID)], "/hostedpages/addpaymentmethod",
                ["customer": #""customer_id":"\#(customerID)""#], "add_payment_method"
            ),
            (
                "create_edit_payment_method_page", ["account_id": "410200001308"], "/hostedpages/updatepaymentmethod",
                ["account": #""account_id":"410200001308""#], "update_payment_method"
            ),
        ]
        for entry in cases {
            let result = try await session.call(
                entry.tool, entry.arguments, expect: Expect(method: "POST", path: entry.path, body: entry.body))
            #expect(result["hostedpage"]?["action"] == .string(entry.action), "\(entry.tool)")
            #expect(result["hostedpage"]?["url"]?.stringValue?.hasPrefix("https://billing.zoho.com/") == true)
        }
        let pages = try await session.call("list_hosted_pages", expect: Expect(method: "GET", path: "/hostedpages"))
        #expect((pages["hosted_pages"]?.arrayValue?.count ?? 0) >= cases.count)
    }

    @Test("Tax settings, churn reasons and the event log, with filters on the query")
    func settingsAndEvents() async throws {
        let (environment, session) = try await session()
        defer { Task { await environment.stop() } }
        let taxes = try await session.call("list_taxes", expect: Expect(method: "GET", path: "/settings/taxes"))
        let names = taxes["taxes"]?.arrayValue?.compactMap { $0["tax_name"]?.stringValue } ?? []
        #expect(names.contains("UK VAT") && names.contains("Australia GST") && names.contains("CA Sales Tax"))
        #expect(taxes["taxes"]?.arrayValue?.first?["tax_percentage"]?.numberValue != nil)
        let exemptions = try await session.call(
            "list_tax_exemptions", expect: Expect(method: "GET", path: "/settings/taxexemptions"))
        #expect(exemptions["tax_exemptions"]?.arrayValue?.isEmpty == false)
        let authorities = try await session.call(
            "list_tax_authorities", expect: Expect(method: "GET", path: "/settings/taxauthorities"))
        #expect(authorities["tax_authorities"]?.arrayValue?.isEmpty == false)
        let churn = try await session.call(
            "get_churn_message_settings", expect: Expect(method: "GET", path: "/settings/preferences/churnmessages"))
        #expect(churn["churn_messages_settings"]?["churn_messages"]?.arrayValue?.isEmpty == false)

        let events = try await session.call(
            "list_events", ["event_type": "invoice_created", "from_date": "2020-01-01", "to_date": "2099-12-31"],
            expect: Expect(
                method: "GET", path: "/events",
                query: ["event_type": "invoice_created", "from_date": "2020-01-01", "to_date": "2099-12-31"]))
        let rows = try #require(events["events"]?.arrayValue)
        #expect(!rows.isEmpty && rows.allSatisfy { $0["event_type"] == "invoice_created" })
        let eventID = try #require(rows.first?["event_id"]?.stringValue)
        let event = try await session.call(
            "get_event", ["event_id": .string(eventID)], expect: Expect(method: "GET", path: "/events/\(eventID)"))
        #expect(event["event"]?["payload"]?["invoice"]?["invoice_id"] != nil)
        let none = try await session.call(
            "list_events", ["event_type": "card_deleted"],
            expect: Expect(method: "GET", path: "/events", query: ["event_type": "card_deleted"]))
        #expect(none["events"]?.arrayValue?.isEmpty == true)
    }

    @Test("An unbilled charge converts to an invoice once")
    func convertUnbilledCharge() async throws {
        let (environment, session) = try await session()
        defer { Task { await environment.stop() } }
        // The seed holds charges on the newest subscription; its record names them.
        let subscriptions = try await session.call(
            "list_subscriptions", expect: Expect(method: "GET", path: "/subscriptions"))
        let subscriptionID = try #require(
            subscriptions["subscriptions"]?.arrayValue?.first?["subscription_id"]?.stringValue)
        let subscription = try await session.call(
            "get_subscription", ["subscription_id": .string(subscriptionID)],
            expect: Expect(method: "GET", path: "/subscriptions/\(subscriptionID)"))
        let chargeID = try #require(subscription["subscription"]?["unbilled_charge_id"]?.stringValue)
        let charge = try await session.call(
            "get_unbilled_charge", ["unbilled_charge_id": .string(chargeID)],
            expect: Expect(method: "GET", path: "/unbilledcharges/\(chargeID)"))
        #expect(charge["unbilled_charge"]?["status"] == "open")
        let total = try #require(charge["unbilled_charge"]?["total"]?.numberValue?.text)

        let converted = try await session.call(
            "convert_unbilled_charge", ["unbilled_charge_id": .string(chargeID)],
            expect: Expect(method: "POST", path: "/unbilledcharges/\(chargeID)/createinvoice"))
        #expect(converted["invoice"]?["total"]?.numberValue?.text == total)
        #expect(converted["invoice"]?["status"] == "sent")
        let after = try await session.call(
            "get_unbilled_charge", ["unbilled_charge_id": .string(chargeID)],
            expect: Expect(method: "GET", path: "/unbilledcharges/\(chargeID)"))
        #expect(after["unbilled_charge"]?["status"] == "invoiced")
        #expect(after["unbilled_charge"]?["invoice_id"] == converted["invoice"]?["invoice_id"])
        let twice = try await session.server.callTool(
            "convert_unbilled_charge", ["unbilled_charge_id": .string(chargeID)], id: 99)
        #expect(twice["isError"] == true)
        #expect(twice.toolText.contains("already been invoiced"))
    }

    @Test("Deleting an unbilled charge needs the confirmation token; the token deletes it")
    func deleteUnbilledCharge() async throws {
        let (environment, session) = try await session(confirm: true)
        defer { Task { await environment.stop() } }
        let server = session.server
        let subscriptions = try await server.callTool("list_subscriptions", id: 1)
        let subscriptionID = try #require(
            subscriptions["structuredContent"]?["subscriptions"]?.arrayValue?.first?["subscription_id"]?.stringValue)
        let subscription = try await server.callTool(
            "get_subscription", ["subscription_id": .string(subscriptionID)], id: 2)
        let chargeID = try #require(
            subscription["structuredContent"]?["subscription"]?["unbilled_charge_id"]?.stringValue)

        let preview = try await server.callTool(
            "delete_unbilled_charge", ["unbilled_charge_id": .string(chargeID)], id: 3)
        #expect(preview["isError"] == false)
        #expect(preview["structuredContent"]?["status"] == "confirmation_required")
        #expect(preview["structuredContent"]?["checked"] == .string("GET /unbilledcharges/\(chargeID)"))
        #expect(preview["structuredContent"]?["record"]?["unbilled charge"] == "UNBILL-00001")
        #expect(preview["structuredContent"]?["record"]?["status"] == "open")
        let token = try #require(preview["structuredContent"]?["confirmation_token"]?.stringValue)
        #expect(SafetyTestSupport.changes(environment).isEmpty, "a preview deletes nothing")

        let done = try await server.callTool(
            "delete_unbilled_charge", ["unbilled_charge_id": .string(chargeID), "confirmation_token": .string(token)],
            id: 4)
        #expect(done["isError"] == false, "\(done.toolText)")
        #expect(done.toolText.contains("The unbilled charges have been deleted."))
        #expect(SafetyTestSupport.changes(environment) == ["DELETE /billing/v1/unbilledcharges/\(chargeID)"])
        let gone = try await server.callTool("get_unbilled_charge", ["unbilled_charge_id": .string(chargeID)], id: 5)
        #expect(gone["isError"] == true)
    }
}
