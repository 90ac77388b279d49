public import Foundation
import JSONCore
public import ZohoEmulator
import TestSupport

/// A loopback Zoho (the emulator behind a real HTTP server) plus a private token directory for one test.
public struct TestEnvironment: Sendable {
    /// The OAuth client id the fake accepts.
    public static let clientID = "1000.TESTCLIENTID42"
    /// The OAuth client secret the fake accepts.
    public static let clientSecret = "s3cr3t-client-secret-do-not-leak"
    /// The refresh token the fake accepts.
    public static let refreshToken = "1000.refresh-token-do-not-leak"

    /// The loopback Zoho.
    public let server: ZohoFakeServer
    /// A fresh directory for this test; also the binary's HOME.
    public let directory: URL

    /// The emulator behind ``server``.
    public var emulator: ZohoEmulator { server.emulator }
    /// Where the binary keeps its tokens in this test.
    public var tokenFile: URL { directory.appending(path: "config/tokens.json") }

    /// Starts a fake Zoho that accepts ``clientID``, ``clientSecret`` and ``refreshToken``, and creates the test's
    /// directory.
    /// - Parameters:
    ///   - tokenEndpointDelay: how long the fake takes to answer a token request.
    ///   - organizations: the organizations the fake serves.
    ///   - deviceCodeInterval: the polling interval the fake's device sign-ins ask for, in seconds.
    public static func start(
        tokenEndpointDelay: Duration = .zero, organizations: [EmulatorOrganization] = [.demo],
        deviceCodeInterval: Int = 1
    ) async throws -> TestEnvironment {
        var configuration = EmulatorConfiguration(organizations: organizations)
        configuration.deviceCodeInterval = deviceCodeInterval
        configuration.clientID = clientID
        configuration.clientSecret = clientSecret
        configuration.refreshToken = refreshToken
        configuration.tokenEndpointDelay = tokenEndpointDelay
        let server = ZohoFakeServer(emulator: ZohoEmulator(configuration: configuration))
        try await server.start()
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return TestEnvironment(server: server, directory: directory)
    }

    /// Settings for the binary: the fake Zoho, this test's token file, credentials from env.
    public func environment(
        access: String = "full", toolsets: String = "all", credentials: Bool = true, extra: [String: String] = [:]
    )
        -> [String: String]
    {
        var env = [
            "ZOHO_API_BASE_URL": server.baseURL,
            "ZOHO_ACCOUNTS_URL": server.accountsURL,
            "ZOHO_TOKEN_FILE": tokenFile.path,
            "ZOHO_MCP_ACCESS": access,
            "ZOHO_MCP_TOOLSETS": toolsets,
            "HOME": directory.path,
        ]
        if credentials {
            env["ZOHO_CLIENT_ID"] = TestEnvironment.clientID
            env["ZOHO_CLIENT_SECRET"] = TestEnvironment.clientSecret
            env["ZOHO_REFRESH_TOKEN"] = TestEnvironment.refreshToken
        }
        return env.merging(extra) { _, new in new }
    }

    /// Every credential string the test could leak: the client secret, the refresh token and issued access tokens.
    public var secrets: [String] {
        var values = [TestEnvironment.clientSecret, TestEnvironment.refreshToken]
        for request in emulator.recordedRequests {
            if let header = request.headers["authorization"], header.hasPrefix("Zoho-oauthtoken ") {
                values.append(String(header.dropFirst("Zoho-oauthtoken ".count)))
            }
        }
        if let data = FileManager.default.contents(atPath: tokenFile.path), let file = try? JSONParser.parse(data),
            let token = file["access_token"]?.stringValue
        {
            values.append(token)
        }
        return Array(Set(values)).filter { $0.count >= 8 }
    }

    /// Fails when any secret appears in what the process printed.
    public func assertNoSecrets(in outputs: [String]) throws {
        for secret in secrets {
            for output in outputs where output.contains(secret) {
                throw TestFailure("a secret (\(secret.prefix(6))…) appeared in the output")
            }
        }
    }

    /// API requests the fake received (token requests excluded).
    public var apiRequests: [EmulatorRequest] {
        emulator.recordedRequests.filter { $0.path.hasPrefix("/billing/v1") }
    }

    /// Stops the fake and removes the test's directory.
    public func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
