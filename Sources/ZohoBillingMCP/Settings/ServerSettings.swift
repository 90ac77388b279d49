import CurlHTTP
import Logging
import ZohoAuth
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Checked settings for one run, from flags and environment (see GlobalOptions).
struct ServerSettings: Sendable {
    var profile: ProductProfile
    var region: ZohoRegion
    var organizationID: String?
    var tokenFile: String
    var apiBaseURL: String
    var accountsURL: String
    var accountsURLSource: AccountsURLSource
    var selection: ToolSelection
    var sandbox: Bool
    /// Where the sandbox keeps its data between runs (`--sandbox-state`); nil keeps it in memory only.
    var sandboxStatePath: String?
    var diagnosticTools: Bool
    /// Every tool this configuration knows, exposed or not.
    var catalog: ToolCatalog
    var logLevel: Logger.Level
    var timeout: Double
    /// How fast and how many requests at once go to each organization.
    var limits = RequestLimiter.Configuration.standard
    /// The largest answer accepted from Zoho, in bytes.
    var maximumResponseBytes = HTTPRequest.defaultMaximumResponseBytes
    var bootstrapCredentials: OAuthClientCredentials?
    /// Confirmation, duplicate guard and audit log settings.
    var safety: SafetySettings

    init(
        region: String?, organizationID: String?, tokenFile: String?, apiBaseURL: String?, accountsURL: String?,
        product: String?, access: String?, toolsets: String?, tools: String?, excludeTools: String?, sandbox: Bool,
        sandboxState: String? = nil, diagnosticTools: Bool = false, logLevel: String?, timeout: Double?,
        confirm: String? = nil,
        auditLog: String? = nil, environment: [String: String]
    ) throws {
        guard let profile = Products.profile(named: product ?? "billing") else {
            throw ConfigurationError(
                "ZOHO_MCP_PRODUCT=\(product ?? "") is not supported; this version serves "
                    + Products.all.map { "\($0.displayName) (\($0.name))" }.joined(separator: ", ") + ".")
        }
        self.profile = profile
        self.region = try CommandLineVocabulary.rewording {
            try ZohoRegion.parse(region ?? ZohoRegion.default.rawValue)
        }
        self.organizationID = organizationID
        if let organizationID, organizationID.isEmpty || !organizationID.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw ConfigurationError(
                "ZOHO_ORGANIZATION_ID must be the numeric organization id (got \(organizationID)).")
        }
        var pathEnvironment = environment
        pathEnvironment["ZOHO_TOKEN_FILE"] = tokenFile
        self.tokenFile = TokenFileLocation.path(environment: pathEnvironment)
        var defaultAPIBase = self.region.apiOrigin.absoluteString + profile.apiRootPath
        // With nothing configured, API calls go where Zoho said the signed-in account lives (the token
        // response's api_domain), so an account in another data centre works without repeating its region.
        if region == nil, apiBaseURL == nil, accountsURL == nil, !sandbox,
            let stored = StoredSignIn.read(path: self.tokenFile)?.apiRegion
        {
            defaultAPIBase = stored.apiOrigin.absoluteString + profile.apiRootPath
        }
        self.apiBaseURL = try ServerSettings.checkedURL(apiBaseURL ?? defaultAPIBase, setting: "ZOHO_API_BASE_URL")
        self.accountsURL = try ServerSettings.checkedURL(
            accountsURL ?? self.region.accountsURL.absoluteString, setting: "ZOHO_ACCOUNTS_URL")
        self.accountsURLSource = region != nil || accountsURL != nil ? .explicit : .default
        self.sandbox = sandbox
        if let sandboxState {
            guard sandbox else {
                throw ConfigurationError(
                    "ZOHO_MCP_SANDBOX_STATE (--sandbox-state) keeps the sandbox's data; it needs --sandbox (or "
                        + "ZOHO_MCP_SANDBOX=1).")
            }
            self.sandboxStatePath = try SandboxStateFile.checkedPath(sandboxState, environment: environment)
        }
        self.diagnosticTools = diagnosticTools
        let catalog = Products.catalog(for: profile, diagnostics: diagnosticTools)
        self.catalog = catalog
        let accessLevel = try AccessLevel(settingName: access ?? (sandbox ? "full" : "read"))
        var toolsetNames = try ToolSelection.parseToolsets(
            toolsets ?? "default", profile: profile, settingName: "ZOHO_MCP_TOOLSETS")
        if diagnosticTools { toolsetNames.insert(DiagnosticTools.toolset.name) }
        self.selection = ToolSelection(
            access: accessLevel,
            toolsets: toolsetNames,
            includedTools: try ToolSelection.parseToolNames(
                tools ?? "", catalog: catalog, settingName: "ZOHO_MCP_TOOLS"),
            excludedTools: try ToolSelection.parseToolNames(
                excludeTools ?? "", catalog: catalog, settingName: "ZOHO_MCP_EXCLUDE_TOOLS"),
            alwaysOnToolsets: Set(profile.alwaysOnToolsets)
        )
        guard let level = Logger.Level(rawValue: (logLevel ?? "warning").lowercased()) else {
            throw ConfigurationError(
                "Unknown log level '\(logLevel ?? "")'. Use trace, debug, info, notice, warning, error or critical.")
        }
        self.logLevel = level
        self.timeout = timeout ?? 60
        guard self.timeout > 0 else { throw ConfigurationError("The timeout must be a positive number of seconds.") }
        self.bootstrapCredentials = try CommandLineVocabulary.rewording {
            try OAuthClientCredentials.fromEnvironment(environment)
        }
        self.safety = try SafetySettings(confirm: confirm, auditLog: auditLog, environment: environment)
    }

    /// `off`, or a whole number of requests per minute (the in-flight cap stays at Zoho's smallest plan's 5).
    static func limits(rateLimit: String?) throws -> RequestLimiter.Configuration {
        guard let rateLimit else { return .standard }
        if ["off", "0", "none"].contains(rateLimit.lowercased()) { return .off }
        guard let perMinute = Int(rateLimit), perMinute > 0 else {
            throw ConfigurationError(
                "ZOHO_MCP_RATE_LIMIT must be a whole number of requests per minute, or off (got \(rateLimit)).")
        }
        return RequestLimiter.Configuration(
            requestsPerMinute: perMinute,
            maximumConcurrent: RequestLimiter.Configuration.standard.maximumConcurrent)
    }

    /// Accepts https anywhere and plain http only for loopback hosts.
    static func checkedURL(_ text: String, setting: String) throws -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError("\(setting) is not a valid URL: \(text).")
        }
        guard TransportSecurity.allows(scheme: scheme, host: host) else {
            throw ConfigurationError(
                "\(setting) must use https:// (plain http:// is allowed only for 127.0.0.1, localhost or [::1]); "
                    + "got \(scheme)://\(host).")
        }
        return text
    }
}
