import Foundation
import Testing
import ZohoEmulator

@Suite("OAuth token endpoint")
struct OAuthTests {
    @Test("A refresh returns a new access token, api_domain from Host, and no refresh_token")
    func refreshSucceeds() async throws {
        let emulator = ZohoEmulator()
        let reply = Reply(await emulator.handle(tokenRequest(refreshParameters)))
        #expect(reply.status == 200)
        let token = try #require(reply.json["access_token"] as? String)
        #expect(token.hasPrefix("1000."))
        #expect(reply.json["api_domain"] as? String == "http://127.0.0.1:8080")
        #expect(reply.json["token_type"] as? String == "Bearer")
        #expect(reply.json["expires_in"] as? Int == 3600)
        #expect(reply.json["refresh_token"] == nil)
        #expect(reply.headers["Content-Type"] == "application/json;charset=UTF-8")
        #expect(emulator.tokenRequestCount == 1)

        let organizations = await emulator.handle(
            EmulatorRequest(
                method: "GET", path: "/billing/v1/organizations",
                headers: ["Authorization": "Zoho-oauthtoken \(token)"]))
        #expect(organizations.status == 200)
    }

    @Test("Parameters in the query string work too, and every refresh gives a different token")
    func refreshInQuery() async {
        let emulator = ZohoEmulator(configuration: EmulatorConfiguration(accessTokenLifetime: 120))
        let first = Reply(await emulator.handle(tokenRequest(refreshParameters, host: nil, inQuery: true)))
        let second = Reply(await emulator.handle(tokenRequest(refreshParameters, host: nil, inQuery: true)))
        #expect(first.json["api_domain"] as? String == "https://www.zohoapis.com")
        #expect(first.json["expires_in"] as? Int == 120)
        #expect(first.json["access_token"] as? String != second.json["access_token"] as? String)
        #expect(emulator.tokenRequestCount == 2)
        #expect(emulator.recordedRequests.count == 2)
    }

    @Test("A wrong client secret or client id gives invalid_client with HTTP 200")
    func wrongClient() async {
        let emulator = ZohoEmulator()
        var badSecret = refreshParameters
        badSecret["client_secret"] = "nope"
        var badID = refreshParameters
        badID["client_id"] = "someone-else"
        for parameters in [badSecret, badID] {
            let reply = Reply(await emulator.handle(tokenRequest(parameters)))
            #expect(reply.status == 200)
            #expect(reply.json["error"] as? String == "invalid_client")
            #expect(reply.json["access_token"] == nil)
        }
        #expect(emulator.tokenRequestCount == 2)
    }

    @Test("A wrong refresh token gives invalid_code; an unknown grant gives unsupported_grant_type")
    func wrongGrant() async {
        let emulator = ZohoEmulator()
        var wrongToken = refreshParameters
        wrongToken["refresh_token"] = "1000.stale"
        #expect(Reply(await emulator.handle(tokenRequest(wrongToken))).json["error"] as? String == "invalid_code")
        var wrongGrant = refreshParameters
        wrongGrant["grant_type"] = "password"
        #expect(
            Reply(await emulator.handle(tokenRequest(wrongGrant))).json["error"] as? String
                == "unsupported_grant_type")
    }

    @Test("A JSON body is ignored, as Zoho does, so the client is reported invalid")
    func jsonBodyIsRejected() async throws {
        let emulator = ZohoEmulator()
        let body = try JSONSerialization.data(withJSONObject: refreshParameters)
        let reply = Reply(
            await emulator.handle(
                EmulatorRequest(
                    method: "POST", path: "/oauth/v2/token", headers: ["Content-Type": "application/json"],
                    body: body)))
        #expect(reply.json["error"] as? String == "invalid_client")
    }

    @Test("An authorization code is exchanged once for an access token and the configured refresh token")
    func authorizationCode() async {
        let emulator = ZohoEmulator()
        emulator.registerAuthorizationCode("1000.grant")
        let parameters = [
            "grant_type": "authorization_code", "client_id": "test-client-id",
            "client_secret": "test-client-secret", "code": "1000.grant", "redirect_uri": "http://localhost/cb",
        ]
        let first = Reply(await emulator.handle(tokenRequest(parameters)))
        #expect(first.json["refresh_token"] as? String == "test-refresh-token")
        #expect(first.json["access_token"] is String)
        let reused = Reply(await emulator.handle(tokenRequest(parameters)))
        #expect(reused.json["error"] as? String == "invalid_code")
    }

    @Test("Revoking the refresh token kills refreshes and issued access tokens")
    func revoke() async {
        let harness = Harness()
        let revoke = Reply(
            await harness.emulator.handle(
                EmulatorRequest(method: "POST", path: "/oauth/v2/token/revoke?token=test-refresh-token")))
        #expect(revoke.status == 200)
        #expect(revoke.json["status"] as? String == "success")
        #expect(await harness.call("GET", "/invoices").status == 401)
        let refresh = Reply(await harness.emulator.handle(tokenRequest(refreshParameters)))
        #expect(refresh.json["error"] as? String == "invalid_code")
    }

    @Test("The token endpoint delay lets two refreshes overlap")
    func tokenDelay() async {
        // A delay far longer than the test: if the second refresh had to wait for the first, it would not arrive
        // before the deadline below. Judging by arrival rather than elapsed time keeps a loaded machine from
        // failing the test.
        let emulator = ZohoEmulator(configuration: EmulatorConfiguration(tokenEndpointDelay: .seconds(60)))
        let first = Task { await emulator.handle(tokenRequest(refreshParameters)) }
        let second = Task { await emulator.handle(tokenRequest(refreshParameters)) }
        let deadline = ContinuousClock.now + .seconds(30)
        while emulator.tokenRequestCount < 2, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        #expect(emulator.tokenRequestCount == 2, "The two delayed refreshes should overlap, not queue.")
        // Cancelling ends the delay; both still get their tokens.
        first.cancel()
        second.cancel()
        let replies = await [Reply(first.value), Reply(second.value)]
        #expect(replies.allSatisfy { $0.json["access_token"] is String })
    }

    @Test("The optional token throttle answers Zoho's HTTP 400 Access Denied body")
    func throttle() async {
        let emulator = ZohoEmulator(configuration: EmulatorConfiguration(tokenRateLimit: 2))
        _ = await emulator.handle(tokenRequest(refreshParameters))
        _ = await emulator.handle(tokenRequest(refreshParameters))
        let third = Reply(await emulator.handle(tokenRequest(refreshParameters)))
        #expect(third.status == 400)
        #expect(third.json["error"] as? String == "Access Denied")
        #expect(third.json["status"] as? String == "failure")
    }
}
