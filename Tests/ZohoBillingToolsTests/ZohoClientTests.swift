import CurlHTTP
import Foundation
import JSONCore
import Logging
import TestSupport
import Testing
@testable import ZohoBillingTools

@Suite struct ZohoClientTests {
    let logger = Logger(label: "test")

    @Test("Sends the auth and organization headers to the API root")
    func headers() async throws {
        let transport = MockHTTPTransport.scripted([.json(200, #"{"code":0,"message":"success","invoices":[]}"#)])
        let client = ZohoClient(
            apiBaseURL: "https://api.example/billing/v1/",
            organizationPlacement: ProductProfile.billing.organizationPlacement, transport: transport,
            tokens: CountingTokens(),
            logger: logger)
        _ = try await client.send(
            ZohoRequest(method: .get, path: "/invoices", query: [.init(name: "page", value: "2")]),
            organizationID: "777")
        let request = try #require(transport.requests.first)
        #expect(request.url.absoluteString == "https://api.example/billing/v1/invoices?page=2")
        #expect(request.headers["authorization"] == "Zoho-oauthtoken token-0")
        #expect(request.headers["X-com-zoho-subscriptions-organizationid"] == "777")
        #expect(request.body == nil)
    }

    @Test("HTTP 200 with a non-zero code is an error naming status, code and message")
    func nonZeroCode() async throws {
        let transport = MockHTTPTransport.scripted([.json(200, #"{"code":1001,"message":"Invoice already voided."}"#)])
        let client = ZohoClient(
            apiBaseURL: "https://api.example/billing/v1",
            organizationPlacement: ProductProfile.billing.organizationPlacement, transport: transport,
            tokens: CountingTokens(), logger: logger
        )
        await #expect {
            try await client.send(ZohoRequest(method: .post, path: "/invoices/1/void", body: [:]), organizationID: "1")
        } throws: { error in
            (error as? ZohoAPIError)?.description == "Zoho answered HTTP 200 with code 1001: Invoice already voided."
        }
    }

    @Test("A 401 refreshes the token once and retries once")
    func refreshOnce() async throws {
        let transport = MockHTTPTransport.scripted([
            .json(401, #"{"code":57,"message":"You are not authorized to perform this operation"}"#),
            .json(200, #"{"code":0,"message":"success","customer":{"customer_id":"5"}}"#),
        ])
        let tokens = CountingTokens()
        let client = ZohoClient(
            apiBaseURL: "https://api.example/billing/v1",
            organizationPlacement: ProductProfile.billing.organizationPlacement, transport: transport, tokens: tokens,
            logger: logger)
        let body = try await client.send(ZohoRequest(method: .get, path: "/customers/5"), organizationID: "1").body
        #expect(body["customer"]?["customer_id"] == "5")
        #expect(await tokens.refreshes == 1)
        #expect(
            transport.requests.map { $0.headers["Authorization"] } == [
                "Zoho-oauthtoken token-0", "Zoho-oauthtoken token-1",
            ])
    }

    @Test("A second 401 after the refresh is reported, not retried again")
    func secondUnauthorized() async throws {
        let denied = HTTPResponse.json(
            401, #"{"code":57,"message":"You are not authorized to perform this operation"}"#)
        let transport = MockHTTPTransport.scripted([denied, denied])
        let client = ZohoClient(
            apiBaseURL: "https://api.example/billing/v1",
            organizationPlacement: ProductProfile.billing.organizationPlacement, transport: transport,
            tokens: CountingTokens(), logger: logger
        )
        await #expect(throws: ZohoAPIError.self) {
            try await client.send(ZohoRequest(method: .get, path: "/customers"), organizationID: "1")
        }
        #expect(transport.requests.count == 2)
    }

    @Test("A body that is not JSON is an error that quotes the start of it")
    func notJSON() async throws {
        let transport = MockHTTPTransport.scripted([.json(502, "<html>Bad gateway</html>")])
        let client = ZohoClient(
            apiBaseURL: "https://api.example/billing/v1",
            organizationPlacement: ProductProfile.billing.organizationPlacement, transport: transport,
            tokens: CountingTokens(), logger: logger
        )
        await #expect {
            try await client.send(ZohoRequest(method: .get, path: "/customers"), organizationID: "1")
        } throws: { error in
            "\(error)".contains("HTTP 502") && "\(error)".contains("<html>Bad gateway")
        }
    }
}
