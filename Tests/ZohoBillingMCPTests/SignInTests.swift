import CurlHTTP
import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// `auth login | status | logout | scopes` through the built binary against the fake accounts server.
@Suite struct SignInTests {
    func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("auth login --code stores the client, refresh token, scopes and accounts server in a 0600 file")
    func selfClientCode() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let scopes = ["ZohoSubscriptions.invoices.READ", "ZohoSubscriptions.settings.READ"]
        let login = try await environment.signInWithCode(scopes: scopes)
        #expect(login.status == 0, "\(login.stderr)")
        #expect(login.stdout.contains("Signed in."))
        #expect(login.stdout.contains("ZohoSubscriptions.invoices.READ"))
        let file = try environment.tokenFileObject()
        #expect(file["refresh_token"] as? String == TestEnvironment.refreshToken)
        #expect(file["client_id"] as? String == TestEnvironment.clientID)
        #expect(file["scope"] as? String == scopes.joined(separator: ","))
        #expect(file["accounts_url"] as? String == environment.server.accountsURL)
        #expect(try permissions(environment.tokenFile.path) == 0o600)
        let exchange = try #require(environment.emulator.recordedRequests.last { $0.path == "/oauth/v2/token" })
        let form = String(decoding: exchange.body, as: UTF8.self)
        #expect(form.contains("grant_type=authorization_code"))
        #expect(!form.contains("redirect_uri"), "a Self Client code has no redirect URI")
        try environment.assertNoSecrets(in: [login.stdout, login.stderr])

        // The same code twice: Zoho's codes work once, and the message says so.
        let inode = try FileManager.default.attributesOfItem(atPath: environment.tokenFile.path)[.systemFileNumber]
        let code = "1000.used-once"
        environment.emulator.registerAuthorizationCode(code)
        let relogin = try await BinaryRun.run(
            ["auth", "login", "--code", code, "--client-id", TestEnvironment.clientID],
            environment: environment.signInEnvironment())
        #expect(relogin.status == 0)
        // Written atomically: a new file renamed over the old one, and nothing left beside it.
        let newInode = try FileManager.default.attributesOfItem(atPath: environment.tokenFile.path)[.systemFileNumber]
        #expect(newInode as? NSNumber != inode as? NSNumber)
        let siblings = try FileManager.default.contentsOfDirectory(
            atPath: environment.tokenFile.deletingLastPathComponent().path)
        #expect(siblings.sorted() == ["tokens.json", "tokens.json.lock"])
        #expect(try permissions(environment.tokenFile.path) == 0o600)
        let again = try await BinaryRun.run(
            ["auth", "login", "--code", code, "--client-id", TestEnvironment.clientID],
            environment: environment.signInEnvironment())
        #expect(again.status == 1)
        #expect(again.stderr.contains("invalid_code"), "\(again.stderr)")
    }

    @Test("The client secret comes from a file or the token file, never an argument, and is never printed")
    func secretSources() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let secretFile = environment.directory.appending(path: "secret.txt")
        try Data((TestEnvironment.clientSecret + "\n").utf8).write(to: secretFile)
        environment.emulator.registerAuthorizationCode("1000.first")
        var env = environment.environment(credentials: false)
        let first = try await BinaryRun.run(
            [
                "auth", "login", "--code", "1000.first", "--client-id", TestEnvironment.clientID,
                "--client-secret-file", secretFile.path,
            ], environment: env)
        #expect(first.status == 0, "\(first.stderr)")

        // A second sign-in with the same client finds the secret in the token file.
        environment.emulator.registerAuthorizationCode("1000.second")
        env["ZOHO_CLIENT_ID"] = TestEnvironment.clientID
        let second = try await BinaryRun.run(["auth", "login", "--code", "1000.second"], environment: env)
        #expect(second.status == 0, "\(second.stderr)")

        // No secret anywhere and no terminal to ask on: a clear refusal, no request.
        try FileManager.default.removeItem(at: environment.tokenFile)
        let before = environment.emulator.tokenRequestCount
        let none = try await BinaryRun.run(
            ["auth", "login", "--code", "1000.third", "--client-id", TestEnvironment.clientID],
            environment: environment.environment(credentials: false))
        #expect(none.status != 0)
        #expect(none.stderr.contains("--client-secret-file"), "\(none.stderr)")
        #expect(environment.emulator.tokenRequestCount == before)
        let help = try await BinaryRun.run(["auth", "login", "--help"])
        #expect(!help.stdout.contains("--client-secret "), "no option takes the secret itself")
        try environment.assertNoSecrets(in: [first.stdout, first.stderr, second.stdout, second.stderr])
    }

    @Test("Browser sign-in: PKCE, a checked state, a one-shot loopback listener, Zoho's multi-DC parameters")
    func browserLoopback() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let login = try ServerProcess(
            arguments: ["auth", "login", "--client-id", TestEnvironment.clientID, "--access", "read"],
            environment: environment.signInEnvironment(extra: ["ZOHO_MCP_BROWSER": "none"]))
        defer { login.terminate() }
        let urlLine = try await login.stderrLine(containing: "/oauth/v2/auth?")
        let authorizeURL = try #require(URLComponents(string: urlLine.trimmingCharacters(in: .whitespaces)))
        let query = Dictionary(
            (authorizeURL.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(query["access_type"] == "offline")
        #expect(query["prompt"] == "consent")
        #expect(query["code_challenge_method"] == "S256")
        #expect((query["code_challenge"] ?? "").count == 43)
        #expect(query["scope"]?.contains("ZohoSubscriptions.invoices.READ") == true)
        #expect(query["scope"]?.contains(".CREATE") == false, "read access asks for .READ scopes only")
        let redirectURI = try #require(query["redirect_uri"])
        #expect(redirectURI.hasPrefix("http://127.0.0.1:") && redirectURI.hasSuffix("/callback"))

        // Stray requests to the listener do not end the sign-in.
        let callbackBase = String(redirectURI.dropLast("/callback".count))
        #expect(try await Browser.get(callbackBase + "/favicon.ico").status == 404)

        // Play the browser: Zoho's authorize page redirects to the listener with the code.
        let authorize = try await Browser.get(urlLine.trimmingCharacters(in: .whitespaces))
        #expect(authorize.status == 302)
        let location = try #require(authorize.headers["Location"])
        #expect(location.hasPrefix(redirectURI + "?"))
        #expect(location.contains("accounts-server="))
        let landing = try await Browser.get(location)
        #expect(landing.status == 200)
        #expect(await login.waitForExit(timeout: 30) == 0, "\(login.stderrText)")

        let exchange = try #require(environment.emulator.recordedRequests.last { $0.path == "/oauth/v2/token" })
        let form = String(decoding: exchange.body, as: UTF8.self)
        #expect(form.contains("code_verifier="))
        #expect(form.contains("redirect_uri="))
        let file = try environment.tokenFileObject()
        #expect(file["refresh_token"] as? String == TestEnvironment.refreshToken)
        #expect((file["scope"] as? String)?.contains("ZohoSubscriptions.invoices.READ") == true)

        // The listener closed after its one redirect.
        await #expect(throws: (any Error).self) { _ = try await Browser.get(location) }
        try environment.assertNoSecrets(in: [login.stdoutText, login.stderrText])
    }

    @Test("Browser sign-in refuses a redirect with the wrong state and exchanges nothing")
    func browserStateMismatch() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let login = try ServerProcess(
            arguments: ["auth", "login", "--client-id", TestEnvironment.clientID],
            environment: environment.signInEnvironment(extra: ["ZOHO_MCP_BROWSER": "none"]))
        defer { login.terminate() }
        let urlLine = try await login.stderrLine(containing: "/oauth/v2/auth?")
        let authorize = try await Browser.get(urlLine.trimmingCharacters(in: .whitespaces))
        let location = try #require(authorize.headers["Location"])
        var forged = try #require(URLComponents(string: location))
        forged.queryItems = forged.queryItems?.map {
            $0.name == "state" ? URLQueryItem(name: "state", value: "forged") : $0
        }
        let refused = try await Browser.get(try #require(forged.string))
        #expect(refused.status == 400)
        #expect(await login.waitForExit(timeout: 30) == 1)
        #expect(login.stderrText.contains("state does not match"), "\(login.stderrText)")
        #expect(environment.emulator.tokenRequestCount == 0)
        #expect(!FileManager.default.fileExists(atPath: environment.tokenFile.path))
    }

    @Test("Device sign-in: shows the code, polls through pending and slow_down, and stores the grant")
    func deviceFlow() async throws {
        let environment = try await TestEnvironment.start(deviceCodeInterval: 1)
        defer { Task { await environment.stop() } }
        // The first poll is told to slow down: the next one waits five seconds longer.
        environment.emulator.enqueueFault(
            EmulatorFault(status: 200, body: Data(#"{"error":"slow_down"}"#.utf8), pathPrefix: "/oauth/v3/device/token")
        )
        let login = try ServerProcess(
            arguments: ["auth", "login", "--device", "--client-id", TestEnvironment.clientID],
            environment: environment.signInEnvironment())
        defer { login.terminate() }
        let url = try await login.stderrLine(containing: "/oauth/v3/device")
        #expect(url.contains(environment.server.accountsURL))
        _ = try await login.stderrLine(containing: "now every 6 s")
        let userCode = try #require(environment.emulator.pendingDeviceUserCodes.first)
        #expect(login.stderrText.contains(userCode))
        // Approve as the person would, at the verification page.
        let approval = try await Browser.get(environment.server.accountsURL + "/oauth/v3/device?user_code=\(userCode)")
        #expect(approval.status == 200)
        #expect(await login.waitForExit(timeout: 40) == 0, "\(login.stderrText)")
        let polls = environment.emulator.recordedRequests.filter { $0.path == "/oauth/v3/device/token" }
        #expect(polls.count >= 2)
        let file = try environment.tokenFileObject()
        #expect(file["refresh_token"] as? String == TestEnvironment.refreshToken)
        try environment.assertNoSecrets(in: [login.stdoutText, login.stderrText])
    }

    @Test("Device sign-in follows another data centre only to Zoho's own servers, and reports expiry")
    func deviceOtherDataCentreAndExpiry() async throws {
        let environment = try await TestEnvironment.start(deviceCodeInterval: 1)
        defer { Task { await environment.stop() } }
        let faults = [
            #"{"error":"other_dc","accounts-server":"\#(environment.server.accountsURL)"}"#,
            #"{"error":"expired_token"}"#,
        ]
        for body in faults {
            environment.emulator.enqueueFault(
                EmulatorFault(status: 200, body: Data(body.utf8), pathPrefix: "/oauth/v3/device/token"))
        }
        let expired = try await BinaryRun.run(
            ["auth", "login", "--device", "--client-id", TestEnvironment.clientID],
            environment: environment.signInEnvironment())
        #expect(expired.status == 1)
        #expect(expired.stderr.contains("another data centre"), "\(expired.stderr)")
        #expect(expired.stderr.contains("expired"), "\(expired.stderr)")

        environment.emulator.enqueueFault(
            EmulatorFault(
                status: 200, body: Data(#"{"error":"other_dc","accounts-server":"https://evil.example"}"#.utf8),
                pathPrefix: "/oauth/v3/device/token"))
        let forged = try await BinaryRun.run(
            ["auth", "login", "--device", "--client-id", TestEnvironment.clientID],
            environment: environment.signInEnvironment())
        #expect(forged.status == 1)
        #expect(forged.stderr.contains("another data centre without naming one of Zoho's"), "\(forged.stderr)")
        let hosts = Set(environment.emulator.recordedRequests.compactMap { $0.headers["host"] })
        #expect(hosts.allSatisfy { $0.hasPrefix("127.0.0.1") })
    }

    @Test("auth status shows hosts, a masked client ID, scopes and expiry, and never a secret")
    func status() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let before = try await BinaryRun.run(["auth", "status"], environment: environment.signInEnvironment())
        #expect(before.status == 1)
        #expect(before.stderr.contains("auth login"))
        _ = try await environment.signInWithCode(scopes: ["ZohoSubscriptions.invoices.READ"])
        let after = try await BinaryRun.run(
            ["auth", "status", "--organization-id", "20071234"], environment: environment.signInEnvironment())
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout.contains("Accounts host:   \(environment.server.accountsURL)"))
        #expect(after.stdout.contains("API host:        \(environment.server.baseURL)"))
        #expect(after.stdout.contains("1000.TE…ID42"))
        #expect(!after.stdout.contains(TestEnvironment.clientID))
        #expect(after.stdout.contains("ZohoSubscriptions.invoices.READ"))
        #expect(after.stdout.contains("Organization:    20071234"))
        #expect(after.stdout.contains("0600 (private)"))
        #expect(after.stdout.contains("valid for about"))
        try environment.assertNoSecrets(in: [after.stdout, after.stderr])

        // Zoho named another data centre's API domain with the token: with no region or API root configured,
        // calls go there.
        var file = try environment.tokenFileObject()
        file["api_domain"] = "https://www.zohoapis.eu"
        try JSONSerialization.data(withJSONObject: file).write(to: environment.tokenFile)
        var unconfigured = environment.signInEnvironment()
        unconfigured["ZOHO_API_BASE_URL"] = nil
        unconfigured["ZOHO_ACCOUNTS_URL"] = nil
        let followed = try await BinaryRun.run(["auth", "status"], environment: unconfigured)
        #expect(followed.stdout.contains("API host:        https://www.zohoapis.eu/billing/v1"), "\(followed.stdout)")
        unconfigured["ZOHO_REGION"] = "us"
        let configured = try await BinaryRun.run(["auth", "status"], environment: unconfigured)
        #expect(configured.stdout.contains("API host:        https://www.zohoapis.com/billing/v1"))
    }

    @Test("auth logout revokes the refresh token at Zoho and deletes the file; --local-only skips the revoke")
    func logout() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        _ = try await environment.signInWithCode()
        let local = try await BinaryRun.run(
            ["auth", "logout", "--local-only"], environment: environment.signInEnvironment())
        #expect(local.status == 0, "\(local.stderr)")
        #expect(!FileManager.default.fileExists(atPath: environment.tokenFile.path))
        #expect(!environment.emulator.recordedRequests.contains { $0.path == "/oauth/v2/token/revoke" })
        #expect(!environment.emulator.isRefreshTokenRevoked)

        _ = try await environment.signInWithCode()
        let full = try await BinaryRun.run(["auth", "logout"], environment: environment.signInEnvironment())
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.contains("Revoked"))
        #expect(environment.emulator.isRefreshTokenRevoked)
        #expect(!FileManager.default.fileExists(atPath: environment.tokenFile.path))
        let nothing = try await BinaryRun.run(["auth", "logout"], environment: environment.signInEnvironment())
        #expect(nothing.status == 0)
        #expect(nothing.stdout.contains("Nothing to do"))
        try environment.assertNoSecrets(in: [local.stdout, local.stderr, full.stdout, full.stderr])
    }

    @Test("auth scopes lists .READ scopes for read access and write scopes only when asked for")
    func scopes() async throws {
        let read = try await BinaryRun.run(["auth", "scopes"])
        #expect(read.status == 0)
        #expect(read.stdout.contains("ZohoSubscriptions.settings.READ"))
        #expect(!read.stdout.contains(".CREATE"))
        let write = try await BinaryRun.run(["auth", "scopes", "--access", "write", "--per-tool"])
        #expect(write.stdout.contains("create_invoice"))
        #expect(write.stdout.contains("ZohoSubscriptions.invoices.CREATE"))
        #expect(!write.stdout.contains("ZohoSubscriptions.invoices.DELETE"), "no tool at write access deletes")
        let json = try JSONParser.parse(try await BinaryRun.run(["auth", "scopes", "--json"]).stdout)
        #expect(json["scopes"]?.arrayValue?.count == 5, "settings, customers, invoices, payments, subscriptions")
    }

    @Test("A server whose sign-in lacks a scope says so once on stderr at start")
    func missingScopeWarning() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        _ = try await environment.signInWithCode(scopes: ["ZohoSubscriptions.invoices.READ"])
        let server = try ServerProcess(
            environment: environment.environment(access: "read", toolsets: "default", credentials: false))
        _ = try await server.initialize()
        server.closeInput()
        #expect(await server.waitForExit(timeout: 10) == 0)
        let warnings = server.stderrText.components(separatedBy: "lacks").count - 1
        #expect(warnings == 1, "\(server.stderrText)")
        #expect(server.stderrText.contains("ZohoSubscriptions.customers.READ"))
        #expect(server.stderrText.contains("list_customers"))
        #expect(!server.stderrText.contains("list_invoices,"), "invoices are covered")
    }
}
