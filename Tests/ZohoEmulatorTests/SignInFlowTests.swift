import Foundation
import Testing
import ZohoEmulator

/// The emulated accounts server's sign-in endpoints: the browser's authorize redirect with PKCE, and the device
/// flow's polling states.
@Suite("Sign-in flows")
struct SignInFlowTests {
    // The S256 challenge of "verifier-0123456789-0123456789-0123456789", from Python's hashlib.
    static let verifier = "verifier-0123456789-0123456789-0123456789"
    static let challenge = "fPc7wtmTs3M3V70EldOc7-yL4fAeQRnBhGAixq3XYqw"

    func authorize(_ emulator: ZohoEmulator, redirect: String = "http://127.0.0.1:9/callback") async -> EmulatorResponse
    {
        await emulator.handle(
            EmulatorRequest(
                method: "GET",
                path: "/oauth/v2/auth?response_type=code&client_id=test-client-id&scope=ZohoSubscriptions.invoices.READ"
                    + "&redirect_uri=\(redirect)&state=xyz&code_challenge=\(Self.challenge)&code_challenge_method=S256",
                headers: ["Host": "127.0.0.1:8080"]))
    }

    func code(in response: EmulatorResponse) throws -> String {
        let location = try #require(response.headers["Location"])
        let components = try #require(URLComponents(string: location))
        return try #require(components.queryItems?.first { $0.name == "code" }?.value)
    }

    func exchange(
        _ emulator: ZohoEmulator, code: String, verifier: String?, redirect: String = "http://127.0.0.1:9/callback"
    )
        async -> Reply
    {
        var parameters = [
            "grant_type": "authorization_code", "client_id": "test-client-id", "client_secret": "test-client-secret",
            "code": code, "redirect_uri": redirect,
        ]
        parameters["code_verifier"] = verifier
        return Reply(await emulator.handle(tokenRequest(parameters)))
    }

    @Test("Authorize redirects with the code, the echoed state and the multi-DC parameters")
    func authorizeRedirect() async throws {
        let emulator = ZohoEmulator()
        let response = await authorize(emulator)
        #expect(response.status == 302)
        let header = try #require(response.headers["Location"])
        let location = try #require(URLComponents(string: header))
        let query = Dictionary((location.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { first, _ in first }
        #expect(location.host == "127.0.0.1" && location.path == "/callback")
        #expect(query["state"] == "xyz")
        #expect(query["location"] == "us")
        #expect(query["accounts-server"] == "http://127.0.0.1:8080")
        #expect(query["code"]?.hasPrefix("1000.") == true)
        let wrongClient = await emulator.handle(
            EmulatorRequest(method: "GET", path: "/oauth/v2/auth?response_type=code&client_id=nope&redirect_uri=x"))
        #expect(wrongClient.status == 400)
    }

    @Test("The code exchange checks the PKCE verifier and the redirect URI, and a code works once")
    func pkceChecked() async throws {
        let emulator = ZohoEmulator()
        let good = try code(in: await authorize(emulator))
        let granted = await exchange(emulator, code: good, verifier: Self.verifier)
        #expect(granted.json["refresh_token"] as? String == "test-refresh-token")
        #expect(granted.json["scope"] as? String == "ZohoSubscriptions.invoices.READ")
        #expect(
            (await exchange(emulator, code: good, verifier: Self.verifier)).json["error"] as? String == "invalid_code")

        let missing = try code(in: await authorize(emulator))
        #expect(
            (await exchange(emulator, code: missing, verifier: nil)).json["error"] as? String == "invalid_code_verifier"
        )
        let wrong = try code(in: await authorize(emulator))
        #expect(
            (await exchange(emulator, code: wrong, verifier: Self.verifier + "x")).json["error"] as? String
                == "invalid_code_verifier")
        let elsewhere = try code(in: await authorize(emulator))
        #expect(
            (await exchange(
                emulator, code: elsewhere, verifier: Self.verifier, redirect: "http://127.0.0.1:10/callback"))
                .json["error"] as? String == "invalid_redirect_uri")
    }

    func devicePoll(_ emulator: ZohoEmulator, _ deviceCode: String) async -> Reply {
        let form =
            "grant_type=device_token&client_id=test-client-id&client_secret=test-client-secret&code=\(deviceCode)"
        return Reply(
            await emulator.handle(
                EmulatorRequest(
                    method: "POST", path: "/oauth/v3/device/token",
                    headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))))
    }

    func deviceStart(_ emulator: ZohoEmulator) async -> Reply {
        let form = "grant_type=device_request&client_id=test-client-id&scope=ZohoSubscriptions.invoices.READ"
        return Reply(
            await emulator.handle(
                EmulatorRequest(
                    method: "POST", path: "/oauth/v3/device/code",
                    headers: ["Content-Type": "application/x-www-form-urlencoded", "Host": "127.0.0.1:8080"],
                    body: Data(form.utf8))))
    }

    @Test("A device sign-in is pending, asks to slow down when polled too fast, then grants once when approved")
    func devicePolling() async throws {
        var configuration = EmulatorConfiguration()
        configuration.deviceCodeInterval = 1
        let emulator = ZohoEmulator(configuration: configuration)
        let started = await deviceStart(emulator)
        let deviceCode = try #require(started.json["device_code"] as? String)
        let userCode = try #require(started.json["user_code"] as? String)
        #expect(started.json["interval"] as? Int == 1)
        #expect(started.json["verification_url"] as? String == "http://127.0.0.1:8080/oauth/v3/device")
        #expect((await devicePoll(emulator, deviceCode)).json["error"] as? String == "authorization_pending")
        #expect((await devicePoll(emulator, deviceCode)).json["error"] as? String == "slow_down")
        #expect(emulator.pendingDeviceUserCodes == [userCode])
        #expect(emulator.approveDeviceSignIn(userCode: userCode))
        let granted = await devicePoll(emulator, deviceCode)
        #expect(granted.json["refresh_token"] as? String == "test-refresh-token")
        #expect(granted.json["scope"] as? String == "ZohoSubscriptions.invoices.READ")
        #expect((await devicePoll(emulator, deviceCode)).json["error"] as? String == "invalid_code")
    }

    @Test("A device sign-in past its lifetime answers expired_token")
    func deviceExpiry() async throws {
        var configuration = EmulatorConfiguration()
        configuration.deviceCodeLifetime = 0
        let emulator = ZohoEmulator(configuration: configuration)
        let deviceCode = try #require((await deviceStart(emulator)).json["device_code"] as? String)
        #expect((await devicePoll(emulator, deviceCode)).json["error"] as? String == "expired_token")
    }
}
