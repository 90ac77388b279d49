import CurlHTTP
import JSONCore
import Testing
@testable import ZohoBillingTools

@Suite struct ToolRequestBuilderTests {
    func build(_ name: String, _ arguments: String) throws -> ZohoRequest {
        let tool = try #require(ToolCatalog.billing.tool(named: name))
        let parsed = try JSONParser.parse(arguments)
        let violations = JSONSchemaValidator(schema: tool.inputSchema).validate(parsed)
        #expect(violations.isEmpty, "\(violations)")
        return ToolRequestBuilder.build(tool, arguments: parsed.objectValue ?? [:])
    }

    @Test("A status enum becomes Zoho's filter_by and paging defaults to 25 rows")
    func listInvoices() throws {
        let request = try build("list_invoices", #"{"status":"overdue","customer_id":"42"}"#)
        #expect(request.method == .get)
        #expect(request.path == "/invoices")
        #expect(request.encodedQuery == "customer_id=42&filter_by=Status.OverDue&per_page=25")
        #expect(request.body == nil)
    }

    @Test("Path arguments are percent-encoded and query flags on a POST stay in the query")
    func cancelSubscription() throws {
        let request = try build("cancel_subscription", #"{"subscription_id":"903","cancel_at_end":true}"#)
        #expect(request.path == "/subscriptions/903/cancel")
        #expect(request.encodedQuery == "cancel_at_end=true")
        #expect(request.body == .object([:]))
    }

    @Test("Body amounts keep their exact text")
    func recordPayment() throws {
        let request = try build(
            "record_payment",
            #"{"customer_id":"1","payment_mode":"cash","amount":19.99,"date":"2026-11-21","invoices":[{"invoice_id":"7","amount_applied":19.990}]}"#
        )
        #expect(request.method == .post)
        let body = try #require(request.body)
        #expect(body.serialized().contains(#""amount":19.99,"#))
        #expect(body.serialized().contains(#""amount_applied":19.990"#))
        #expect(body["organization_id"] == nil)
    }

    @Test("Placeholders with reserved characters are encoded")
    func encoding() throws {
        let request = try build("get_plan", #"{"plan_code":"pro monthly/eu"}"#)
        #expect(request.path == "/plans/pro%20monthly%2Feu")
    }

    @Test("Path values that would change the resource (empty, '.', '..') are refused; ordinary ones pass")
    func unsafePathValues() throws {
        let tool = try #require(ToolCatalog.billing.tool(named: "get_plan"))
        for value in ["", ".", ".."] {
            let problems = ToolRequestBuilder.unsafePathArguments(tool, arguments: ["plan_code": .string(value)])
            #expect(problems.count == 1, "\(value)")
            #expect(problems.first?.contains("`plan_code`") == true)
        }
        for value in ["pro", "...", "a.b", ".hidden"] {
            #expect(ToolRequestBuilder.unsafePathArguments(tool, arguments: ["plan_code": .string(value)]).isEmpty)
        }
    }
}
