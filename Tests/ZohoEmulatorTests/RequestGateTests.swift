import Foundation
import Testing
import ZohoEmulator

@Suite("Authentication, organization header, routing and body checks")
struct RequestGateTests {
    @Test("A missing or malformed Authorization header gets 401 with code 14")
    func missingAuthorization() async {
        let harness = Harness()
        let missing = await harness.call("GET", "/invoices", headers: [:])
        #expect(missing.status == 401)
        #expect(missing.code == ZohoErrorCode.invalidOAuthToken)
        let bearer = await harness.call("GET", "/invoices", headers: ["Authorization": "Bearer \(harness.token)"])
        #expect(bearer.status == 401)
        #expect(bearer.code == ZohoErrorCode.invalidOAuthToken)
    }

    @Test("An unknown token, or one expired by expireAllAccessTokens, gets 401 with code 57")
    func expiredToken() async {
        let harness = Harness()
        #expect(await harness.call("GET", "/invoices").status == 200)
        harness.emulator.expireAllAccessTokens()
        let expired = await harness.call("GET", "/invoices")
        #expect(expired.status == 401)
        #expect(expired.code == 57)
        #expect(expired.message == "You are not authorized to perform this operation")
        let unknown = await harness.call(
            "GET", "/invoices", headers: ["Authorization": "Zoho-oauthtoken 1000.not-issued"])
        #expect(unknown.code == 57)
        let fresh = harness.emulator.issueAccessToken()
        let again = await harness.call("GET", "/invoices", headers: ["Authorization": "Zoho-oauthtoken \(fresh)"])
        #expect(again.status == 200)
    }

    @Test("A token that outlives accessTokenLifetime stops working")
    func lifetime() async throws {
        let harness = Harness(configuration: EmulatorConfiguration(accessTokenLifetime: 0, now: fixedNow))
        #expect(await harness.call("GET", "/plans").status == 401)
    }

    @Test("The sandbox configuration needs no token at all")
    func sandbox() async {
        let emulator = ZohoEmulator(configuration: .sandbox)
        let reply = Reply(
            await emulator.handle(
                EmulatorRequest(
                    method: "GET", path: "/billing/v1/plans",
                    headers: ["X-com-zoho-subscriptions-organizationid": demoOrganization])))
        #expect(reply.status == 200)
        // The four catalogue plans every organization has, plus the demo company's weekly, yearly and
        // enterprise plans.
        #expect(reply.list("plans").count == 8)
    }

    @Test("GET /organizations needs no organization header and lists the default organization")
    func organizations() async throws {
        let harness = Harness()
        let reply = await harness.call("GET", "/organizations", organization: nil)
        #expect(reply.status == 200)
        let organization = try #require(reply.list("organizations").first)
        #expect(organization["organization_id"] as? String == "20071234")
        #expect(organization["name"] as? String == "Acme Demo")
        #expect(organization["currency_code"] as? String == "USD")
        #expect(organization["is_default_org"] as? Bool == true)
        #expect(organization["time_zone"] as? String == "America/Los_Angeles")
    }

    @Test("A missing organization header is a 400 naming the header; an unknown one a 403")
    func organizationHeader() async {
        let harness = Harness()
        let missing = await harness.call("GET", "/customers", organization: nil)
        #expect(missing.status == 400)
        #expect(missing.code == ZohoErrorCode.missingValue)
        #expect(missing.message.contains("X-com-zoho-subscriptions-organizationid"))
        let unknown = await harness.call("GET", "/customers", organization: "999")
        #expect(unknown.status == 403)
        #expect(unknown.code == ZohoErrorCode.unknownOrganization)
    }

    @Test("Organizations are isolated from each other")
    func isolation() async {
        let configuration = EmulatorConfiguration(
            organizations: [.demo, EmulatorOrganization(id: "20079999", name: "Second Org", currencyCode: "EUR")],
            now: fixedNow)
        let harness = Harness(configuration: configuration)
        let created = await harness.call(
            "POST", "/customers", json: ["display_name": "Only Here", "email": "only@example.com"],
            organization: "20079999")
        #expect(created.status == 201)
        #expect(created.object("customer")["currency_code"] as? String == "EUR")
        let id = created.object("customer")["customer_id"] as? String ?? ""
        #expect(await harness.call("GET", "/customers/\(id)").status == 404)
        #expect(await harness.call("GET", "/customers/\(id)", organization: "20079999").status == 200)
        #expect(await harness.call("GET", "/organizations").list("organizations").count == 2)
    }

    @Test("Unknown paths give 404 code 5 and known paths with the wrong method give 405")
    func routing() async {
        let harness = Harness()
        let unknown = await harness.call("GET", "/widgets")
        #expect(unknown.status == 404)
        #expect(unknown.code == 5)
        #expect(unknown.message == "Invalid URL Passed")
        let outside = Reply(await harness.emulator.handle(EmulatorRequest(method: "GET", path: "/nothing/here")))
        #expect(outside.status == 404)
        #expect(outside.code == 5)
        let wrongMethod = await harness.call("PATCH", "/invoices")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.code == ZohoErrorCode.methodNotAllowed)
        #expect(wrongMethod.headers["Allow"]?.contains("GET") == true)
    }

    @Test(
        "Malformed JSON bodies get 400 code 1038 and never crash",
        arguments: [
            "{", "{\"display_name\": }", "[1,2]", "nul", "{\"a\":1}}", String(repeating: "[", count: 5000),
            "{\"a\":\"\u{01}\"}", "{\"a\": 01}",
        ])
    func malformedJSON(_ text: String) async {
        let harness = Harness()
        let reply = await harness.post("/customers", rawJSON: text)
        #expect(reply.status == 400)
        #expect(reply.code == 1038)
        #expect(reply.message == "JSON is not well formed")
    }

    @Test("Zoho's legacy JSONString form field is accepted")
    func jsonStringForm() async {
        let harness = Harness()
        let json = #"{"display_name":"Form Co","email":"form@example.com"}"#
        let encoded = json.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let reply = await harness.call(
            "POST", "/customers", body: Data("JSONString=\(encoded)".utf8),
            headers: [
                "Authorization": "Zoho-oauthtoken \(harness.token)",
                "Content-Type": "application/x-www-form-urlencoded",
            ])
        #expect(reply.status == 201)
        #expect(reply.object("customer")["display_name"] as? String == "Form Co")
    }

    @Test("Every request is recorded in order, with its headers lower-cased")
    func recording() async {
        let harness = Harness()
        _ = await harness.call("GET", "/plans", query: [("filter_by", "PlanStatus.ACTIVE")])
        _ = await harness.call("GET", "/invoices")
        let recorded = harness.emulator.recordedRequests
        #expect(recorded.map(\.path) == ["/billing/v1/plans", "/billing/v1/invoices"])
        #expect(recorded[0].queryValue("filter_by") == "PlanStatus.ACTIVE")
        #expect(recorded[0].headers["x-com-zoho-subscriptions-organizationid"] == demoOrganization)
    }

    @Test("reset() restores the seed data and forgets tokens and recordings")
    func reset() async {
        let harness = Harness()
        _ = await harness.call("POST", "/customers", json: ["display_name": "Temp", "email": "temp@example.com"])
        #expect(await harness.call("GET", "/customers").list("customers").count == 6)
        harness.emulator.reset()
        #expect(harness.emulator.recordedRequests.isEmpty)
        #expect(await harness.call("GET", "/customers").status == 401)
        let token = harness.emulator.issueAccessToken()
        let reply = await harness.call(
            "GET", "/customers", headers: ["Authorization": "Zoho-oauthtoken \(token)"])
        #expect(reply.list("customers").count == 5)
    }

    @Test("Without seed data only the plan catalogue exists")
    func noSeed() async {
        let harness = Harness(configuration: EmulatorConfiguration(seedDemoData: false, now: fixedNow))
        #expect(await harness.call("GET", "/customers").list("customers").isEmpty)
        #expect(await harness.call("GET", "/invoices").list("invoices").isEmpty)
        #expect(await harness.call("GET", "/plans").list("plans").count == 4)
    }
}
