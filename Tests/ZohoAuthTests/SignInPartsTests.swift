import CurlHTTP
import Foundation
import Testing
import ZohoAuth

/// The pieces of a browser sign-in that need no accounts server: PKCE, the authorization URL, the loopback
/// listener, and which accounts servers a redirect may name.
@Suite struct SignInPartsTests {
    // Expected values from Python's hashlib and base64.urlsafe_b64encode, padding removed.
    @Test("PKCE S256 is unpadded base64url of SHA-256, across block boundaries")
    func pkce() {
        #expect(
            PKCE.challenge(for: "dBjftJeZ4CVP-mJ92K1uadYOObLOK6G9pLWYtJaPgXg")
                == "5Tp6-symdmQuSOc3PnNw5h6nb4EoVUnK36xXjIdzXNA")
        #expect(PKCE.challenge(for: "") == "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")
        #expect(PKCE.challenge(for: "abc") == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")
        #expect(
            PKCE.challenge(for: String(repeating: "a", count: 1000)) == "Qe3s5C1j6Nm_UVqbppMuHCDLyfWl0TRkWttdsblzfqM")
        let fresh = PKCE()
        #expect(fresh.verifier.count == 43)
        #expect(fresh.verifier != PKCE().verifier)
        #expect(!fresh.description.contains(fresh.verifier))
    }

    @Test("The authorization URL asks for offline access with consent, a state and an S256 challenge")
    func authorizationURL() throws {
        let request = AuthorizationRequest(
            clientID: "1000.ABC", redirectURI: "http://127.0.0.1:8099/callback",
            scopes: ["ZohoSubscriptions.invoices.READ", "ZohoSubscriptions.settings.READ"])
        let url = request.url(accountsURL: URL(string: "https://accounts.zoho.eu")!)
        let components = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false))
        #expect(components.host == "accounts.zoho.eu" && components.path == "/oauth/v2/auth")
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { first, _ in first }
        #expect(query["response_type"] == "code")
        #expect(query["access_type"] == "offline")
        #expect(query["prompt"] == "consent")
        #expect(query["state"] == request.state)
        #expect(query["code_challenge"] == request.pkce.challenge)
        #expect(query["code_challenge_method"] == "S256")
        #expect(query["scope"] == "ZohoSubscriptions.invoices.READ,ZohoSubscriptions.settings.READ")
        #expect(query["redirect_uri"] == "http://127.0.0.1:8099/callback")
        #expect(!url.absoluteString.contains(request.pkce.verifier))
    }

    /// Runs the listener's blocking wait on a thread of its own: blocking one of the few threads of Swift's
    /// cooperative pool would starve the HTTP requests the test makes meanwhile.
    func waiting(_ listener: LoopbackRedirectListener, state: String, timeout: Double = 60) -> Task<
        Result<AuthorizationRedirect, LoopbackListenerError>, Never
    > {
        Task {
            await withCheckedContinuation { continuation in
                Thread {
                    continuation.resume(
                        returning: Result { () throws(LoopbackListenerError) in
                            try listener.waitForRedirect(state: state, timeout: timeout)
                        })
                }.start()
            }
        }
    }

    func get(_ url: String) async throws -> HTTPResponse {
        // Generous: the listener answers at once, but a suite running in parallel can starve it for seconds.
        try await CurlHTTPTransport().send(HTTPRequest(method: .get, url: URL(string: url)!, timeout: 20))
    }

    @Test("The listener ignores other paths, accepts exactly one redirect with the right state, then closes")
    func listenerAcceptsOnce() async throws {
        let listener = try LoopbackRedirectListener()
        #expect(listener.port != 0)
        #expect(listener.redirectURI == "http://127.0.0.1:\(listener.port)/callback")
        let wait = waiting(listener, state: "s1")
        let base = "http://127.0.0.1:\(listener.port)"
        #expect(try await get(base + "/").status == 404)
        #expect(try await get(base + "/callbackx?code=1&state=s1").status == 404)
        let answer = try await get(
            base + "/callback?code=1000.abc&state=s1&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu")
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("close this tab"))
        let redirect = try await wait.value.get()
        #expect(redirect.code == "1000.abc")
        #expect(redirect.location == "eu")
        #expect(redirect.accountsServer == "https://accounts.zoho.eu")
        #expect(!redirect.description.contains("1000.abc"))
        await #expect(throws: (any Error).self) { _ = try await get(base + "/callback?code=2&state=s1") }
    }

    @Test("A wrong state or Zoho's error ends the wait with a refusal; silence ends it with a timeout")
    func listenerRefusals() async throws {
        let mismatch = try LoopbackRedirectListener()
        let mismatchWait = waiting(mismatch, state: "expected")
        let refused = try await get("http://127.0.0.1:\(mismatch.port)/callback?code=1000.x&state=other")
        #expect(refused.status == 400)
        #expect(await mismatchWait.value == .failure(.stateMismatch))

        let denied = try LoopbackRedirectListener(path: "/cb")
        let deniedWait = waiting(denied, state: "s")
        _ = try await get("http://127.0.0.1:\(denied.port)/cb?error=access_denied&state=s")
        #expect(await deniedWait.value == .failure(.denied(error: "access_denied")))

        let silent = try LoopbackRedirectListener()
        #expect(await waiting(silent, state: "s", timeout: 0.3).value == .failure(.timedOut(seconds: 0)))
    }

    @Test("A chosen port is used, and a taken one is reported")
    func chosenPort() throws {
        let first = try LoopbackRedirectListener()
        #expect(throws: LoopbackListenerError.self) { _ = try LoopbackRedirectListener(port: first.port) }
        first.close()
    }

    @Test("A sign-in may be sent on only to Zoho's accounts servers or the configured one")
    func accountsServerPolicy() {
        let configured = URL(string: "https://accounts.zoho.com")!
        #expect(AccountsServerPolicy.accepted("https://accounts.zoho.eu", configured: configured) != nil)
        #expect(AccountsServerPolicy.accepted("https://accounts.zohocloud.ca", configured: configured) != nil)
        #expect(AccountsServerPolicy.accepted("https://accounts.zoho.ca", configured: configured) == nil)
        #expect(AccountsServerPolicy.accepted("http://accounts.zoho.eu", configured: configured) == nil)
        #expect(AccountsServerPolicy.accepted("https://accounts.zoho.eu.evil.example", configured: configured) == nil)
        let local = URL(string: "http://127.0.0.1:8080")!
        #expect(AccountsServerPolicy.accepted("http://127.0.0.1:8080", configured: local) != nil)
        #expect(AccountsServerPolicy.accepted("http://127.0.0.1:9090", configured: local) == nil)
        #expect(AccountsServerPolicy.server(forLocation: "eu")?.absoluteString == "https://accounts.zoho.eu")
        #expect(AccountsServerPolicy.server(forLocation: "ca")?.absoluteString == "https://accounts.zohocloud.ca")
    }
}
