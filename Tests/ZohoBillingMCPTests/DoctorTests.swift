import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// `doctor` through the built binary: green on a healthy setup, red with the right fix on each broken one.
@Suite struct DoctorTests {
    /// Settings for doctor against the fake: its hosts, this test's token file and HOME, no credentials in env.
    func doctorEnvironment(_ environment: TestEnvironment, extra: [String: String] = [:]) -> [String: String] {
        environment.environment(access: "read", toolsets: "default", credentials: false, extra: extra)
    }

    func line(_ name: String, in output: String) -> String {
        // Each line is a six-character tag, a space, then the check's name.
        output.split(separator: "\n").first { $0.dropFirst(7).hasPrefix("\(name):") }.map(String.init) ?? ""
    }

    func rewriteTokenFile(_ environment: TestEnvironment, _ change: (inout [String: Any]) -> Void) throws {
        var object = try environment.tokenFileObject()
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: environment.tokenFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: environment.tokenFile.path)
    }

    @Test("A healthy setup passes every check and reuses the cached token instead of refreshing")
    func healthy() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        #expect(try await environment.signInWithCode().status == 0)
        let tokenRequests = environment.emulator.tokenRequestCount
        let doctor = try await BinaryRun.run(["doctor"], environment: doctorEnvironment(environment))
        #expect(doctor.status == 0, "\(doctor.stdout)\n\(doctor.stderr)")
        #expect(doctor.stdout.hasSuffix("All checks passed.\n") || doctor.stdout.hasSuffix("All checks passed."))
        #expect(!doctor.stdout.contains("[FAIL]"))
        let names = [
            "version and settings", "token file", "region and hosts", "clock", "token refresh", "organizations",
            "scopes", "tool set", "API usage", "audit log",
        ]
        let order = names.map { name in doctor.stdout.range(of: " \(name): ")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil }, "\(doctor.stdout)")
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "checks run in the documented order")
        #expect(line("token refresh", in: doctor.stdout).contains("no refresh needed"))
        #expect(environment.emulator.tokenRequestCount == tokenRequests, "doctor spent no refresh")
        #expect(line("version and settings", in: doctor.stdout).contains("ZOHO_MCP_ACCESS=read (env)"))
        #expect(line("organizations", in: doctor.stdout).contains("20071234"))
        #expect(line("clock", in: doctor.stdout).contains("Zoho"))
        try environment.assertNoSecrets(in: [doctor.stdout, doctor.stderr])

        let json = try await BinaryRun.run(["doctor", "--json"], environment: doctorEnvironment(environment))
        let report = try JSONParser.parse(json.stdout)
        #expect(report["ok"] == true)
        #expect(report["checks"]?.arrayValue?.count == names.count)
        let access = report["settings"]?.arrayValue?.first { $0["name"] == "ZOHO_MCP_ACCESS" }
        #expect(access?["source"] == "env")
    }

    @Test("An expired access token is refreshed once; a revoked refresh token fails with the sign-in fix")
    func expired() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        #expect(try await environment.signInWithCode().status == 0)
        try rewriteTokenFile(environment) { $0["access_token_expires_at"] = "2020-01-01T00:00:00Z" }
        let before = environment.emulator.tokenRequestCount
        let refreshed = try await BinaryRun.run(["doctor"], environment: doctorEnvironment(environment))
        #expect(refreshed.status == 0, "\(refreshed.stdout)")
        #expect(line("token refresh", in: refreshed.stdout).contains("refreshed"))
        #expect(environment.emulator.tokenRequestCount == before + 1)

        // Zoho forgets the refresh token (revoked elsewhere) and the access token has run out.
        _ = await environment.emulator.handle(
            EmulatorRequest(
                method: "POST", path: "/oauth/v2/token/revoke",
                query: [EmulatorQueryItem(name: "token", value: TestEnvironment.refreshToken)]))
        try rewriteTokenFile(environment) { $0["access_token_expires_at"] = "2020-01-01T00:00:00Z" }
        let revoked = try await BinaryRun.run(["doctor"], environment: doctorEnvironment(environment))
        #expect(revoked.status == 1)
        let refresh = line("token refresh", in: revoked.stdout)
        #expect(refresh.hasPrefix("[FAIL]"), "\(revoked.stdout)")
        #expect(revoked.stdout.contains("fix: Sign in again with `zoho-billing-mcp auth login`"))
        #expect(line("organizations", in: revoked.stdout).hasPrefix("[skip]"))
        try environment.assertNoSecrets(in: [revoked.stdout, revoked.stderr])
    }

    @Test("A corrupt or missing token file fails with its path and the fix, and is left as it is")
    func corrupt() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let missing = try await BinaryRun.run(["doctor"], environment: doctorEnvironment(environment))
        #expect(missing.status == 1)
        #expect(line("token file", in: missing.stdout).contains("does not exist"))
        #expect(missing.stdout.contains("fix: Sign in with `zoho-billing-mcp auth login`"))

        try FileManager.default.createDirectory(
            at: environment.tokenFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let garbage = Data("{\"refresh_token\": oops".utf8)
        try garbage.write(to: environment.tokenFile)
        let corrupt = try await BinaryRun.run(["doctor"], environment: doctorEnvironment(environment))
        #expect(corrupt.status == 1)
        let file = line("token file", in: corrupt.stdout)
        #expect(file.hasPrefix("[FAIL]") && file.contains("not valid JSON"), "\(corrupt.stdout)")
        #expect(corrupt.stdout.contains("fix: Delete \(environment.tokenFile.path)"))
        #expect(try Data(contentsOf: environment.tokenFile) == garbage)
        #expect(environment.emulator.tokenRequestCount == 0)
    }

    @Test("A refresh token from another data centre, or Canada's wrong accounts host, fails before any network use")
    func wrongRegion() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        #expect(try await environment.signInWithCode().status == 0)
        try rewriteTokenFile(environment) {
            $0["accounts_url"] = "https://accounts.zoho.eu"
            $0["api_domain"] = "https://www.zohoapis.eu"
        }
        var env = doctorEnvironment(environment)
        env["ZOHO_ACCOUNTS_URL"] = nil
        env["ZOHO_API_BASE_URL"] = nil
        env["ZOHO_REGION"] = "us"
        let requests = environment.emulator.recordedRequests.count
        let doctor = try await BinaryRun.run(["doctor"], environment: env)
        #expect(doctor.status == 1)
        let region = line("region and hosts", in: doctor.stdout)
        #expect(region.hasPrefix("[FAIL]") && region.contains("https://accounts.zoho.eu (Europe)"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("fix: Set ZOHO_REGION=eu"))
        #expect(line("clock", in: doctor.stdout).hasPrefix("[skip]"))
        #expect(line("token refresh", in: doctor.stdout).hasPrefix("[skip]"))
        #expect(environment.emulator.recordedRequests.count == requests)

        // Signed in at one accounts server, configured for another: doctor says so and leaves the file's record.
        try rewriteTokenFile(environment) { $0["accounts_url"] = environment.server.accountsURL }
        let fileBefore = try Data(contentsOf: environment.tokenFile)
        var moved = doctorEnvironment(environment)
        moved["ZOHO_ACCOUNTS_URL"] = nil
        moved["ZOHO_REGION"] = "eu"
        let elsewhere = try await BinaryRun.run(["doctor"], environment: moved)
        #expect(elsewhere.status == 1)
        #expect(line("region and hosts", in: elsewhere.stdout).contains(environment.server.accountsURL))
        #expect(
            elsewhere.stdout.contains(
                "fix: Unset ZOHO_REGION, or set ZOHO_ACCOUNTS_URL=\(environment.server.accountsURL)"))
        #expect(try Data(contentsOf: environment.tokenFile) == fileBefore, "doctor changed nothing")

        env["ZOHO_REGION"] = nil
        env["ZOHO_ACCOUNTS_URL"] = "https://accounts.zoho.ca"
        let canada = try await BinaryRun.run(["doctor"], environment: env)
        #expect(canada.status == 1)
        #expect(canada.stdout.contains("accounts.zohocloud.ca"), "\(canada.stdout)")
    }

    @Test("Missing scopes, an unknown default organization, wide permissions and an unwritable audit log are named")
    func otherFailures() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        #expect(try await environment.signInWithCode(scopes: ["ZohoSubscriptions.invoices.READ"]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: environment.tokenFile.path)
        let blocked = environment.directory.appending(path: "not-a-directory")
        try Data("x".utf8).write(to: blocked)
        let doctor = try await BinaryRun.run(
            ["doctor", "--organization-id", "999"],
            environment: doctorEnvironment(
                environment, extra: ["ZOHO_MCP_AUDIT_LOG": blocked.path + "/audit.jsonl"]))
        #expect(doctor.status == 1)
        #expect(line("token file", in: doctor.stdout).contains("was mode 0644"), "\(doctor.stdout)")
        #expect(line("scopes", in: doctor.stdout).contains("ZohoSubscriptions.customers.READ"))
        #expect(line("organizations", in: doctor.stdout).contains("999"))
        #expect(doctor.stdout.contains("fix: Set ZOHO_ORGANIZATION_ID to one of 20071234"))
        #expect(line("audit log", in: doctor.stdout).hasPrefix("[FAIL]"))
        let off = try await BinaryRun.run(
            ["doctor"], environment: doctorEnvironment(environment, extra: ["ZOHO_MCP_AUDIT_LOG": "off"]))
        #expect(line("audit log", in: off.stdout).contains("off"))
    }

    @Test("The sandbox setup is green without an account")
    func sandbox() async throws {
        let home = FileManager.default.temporaryDirectory.appending(path: "zb-doctor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let doctor = try await BinaryRun.run(["doctor", "--sandbox"], environment: ["HOME": home.path])
        #expect(doctor.status == 0, "\(doctor.stdout)")
        #expect(line("organizations", in: doctor.stdout).contains("Acme Demo"))
    }
}
