#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// How an emulator instance behaves: OAuth client, token lifetime, organizations and seed data.
public struct EmulatorConfiguration: Sendable {
    /// The only OAuth client id the token endpoint accepts.
    public var clientID: String
    /// The secret that goes with ``clientID``.
    public var clientSecret: String
    /// The one valid refresh token.
    public var refreshToken: String
    /// Seconds an access token lives; sent as `expires_in`.
    public var accessTokenLifetime: Int
    /// How long the token endpoint waits before answering, so tests can race two refreshes.
    public var tokenEndpointDelay: Duration
    /// When set, at most this many access tokens are issued per ``tokenRateLimitWindow``; past that the token
    /// endpoint answers Zoho's HTTP 400 "Access Denied" throttle body. `nil` (the default) disables the limit.
    public var tokenRateLimit: Int?
    /// The window for ``tokenRateLimit``; Zoho uses ten minutes.
    public var tokenRateLimitWindow: Duration
    /// The API root path, `/billing/v1`.
    public var apiPrefix: String
    /// The `api_domain` returned by the token endpoint. `nil` derives `http://<Host header>`, or
    /// `https://www.zohoapis.com` when the request has no `Host` header.
    public var apiDomain: String?
    /// The organizations served; the first is used for examples.
    public var organizations: [EmulatorOrganization]
    /// Whether API calls need a valid `Authorization: Zoho-oauthtoken …` header (false for the offline sandbox).
    public var requireAuthentication: Bool
    /// Whether each organization starts with the demo customers, plans, subscriptions, invoices and payments.
    public var seedDemoData: Bool
    /// Whether the demo data also holds the records the reports show off (a subscription in dunning with a
    /// failed charge, one cancelled by dunning, a refund). Off by default, so tests that count the demo records
    /// keep their numbers; the sandbox turns it on.
    public var seedReportExamples: Bool
    /// Whether the demo data grows into a whole company: about fifty customers in three currencies, two hundred
    /// subscriptions in every status and a thousand invoices over eighteen months, generated from a fixed seed so
    /// every run holds the same records. The sandbox turns it on; tests that count records leave it off.
    public var seedDemoCompany: Bool
    /// A fixed "now" for dates, timestamps and overdue checks; `nil` follows the system clock.
    public var now: Date?
    /// How many of the latest requests ``ZohoEmulator/recordedRequests`` keeps (up to 64 more, trimmed in
    /// batches); older ones are dropped, so a long-running sandbox does not grow without bound.
    public var requestHistoryLimit: Int
    /// Seconds a device sign-in asks clients to wait between polls (`interval`).
    public var deviceCodeInterval: Int = 5
    /// Seconds a device sign-in's codes stay valid (`expires_in`).
    public var deviceCodeLifetime: Int = 600

    /// Creates a configuration; every parameter has the default a test usually wants.
    public init(
        clientID: String = "test-client-id",
        clientSecret: String = "test-client-secret",
        refreshToken: String = "test-refresh-token",
        accessTokenLifetime: Int = 3600,
        tokenEndpointDelay: Duration = .zero,
        tokenRateLimit: Int? = nil,
        tokenRateLimitWindow: Duration = .seconds(600),
        apiPrefix: String = "/billing/v1",
        apiDomain: String? = nil,
        organizations: [EmulatorOrganization] = [.demo],
        requireAuthentication: Bool = true,
        seedDemoData: Bool = true,
        seedReportExamples: Bool = false,
        seedDemoCompany: Bool = false,
        now: Date? = nil,
        requestHistoryLimit: Int = 10_000
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.accessTokenLifetime = accessTokenLifetime
        self.tokenEndpointDelay = tokenEndpointDelay
        self.tokenRateLimit = tokenRateLimit
        self.tokenRateLimitWindow = tokenRateLimitWindow
        self.apiPrefix = apiPrefix
        self.apiDomain = apiDomain
        self.organizations = organizations
        self.requireAuthentication = requireAuthentication
        self.seedDemoData = seedDemoData
        self.seedReportExamples = seedReportExamples
        self.seedDemoCompany = seedDemoCompany
        self.now = now
        self.requestHistoryLimit = max(0, requestHistoryLimit)
    }

    /// The offline sandbox: no authentication, the demo company, system clock, and a short request history (nobody
    /// reads it; it only must not grow).
    public static var sandbox: EmulatorConfiguration {
        EmulatorConfiguration(
            requireAuthentication: false, seedReportExamples: true, seedDemoCompany: true, requestHistoryLimit: 64)
    }
}
