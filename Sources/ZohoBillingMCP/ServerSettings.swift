import CurlHTTP
import Foundation
import Logging
import ZohoAuth
import ZohoBillingTools

/// Checked settings for one run, from flags and environment (see GlobalOptions).
struct ServerSettings: Sendable {
    var region: ZohoRegion
    var organizationID: String?
    var tokenFile: String
    var apiBaseURL: String
    var accountsURL: String
    var accountsURLSource: AccountsURLSource
    var selection: ToolSelection
    var sandbox: Bool
    var logLevel: Logger.Level
    var timeout: Double
    var bootstrapCredentials: OAuthClientCredentials?

    init(
        region: String?, organizationID: String?, tokenFile: String?, apiBaseURL: String?, accountsURL: String?,
        product: String?, access: String?, toolsets: String?, tools: String?, excludeTools: String?, sandbox: Bool,
        logLevel: String?, timeout: Double?, environment: [String: String]
    ) throws {
        if let product, product.lowercased() != "billing" {
            throw ConfigurationError(
                "ZOHO_MCP_PRODUCT=\(product) is not supported yet; this version serves Zoho Billing only (billing).")
        }
        self.region = try CommandLineVocabulary.rewording { try ZohoRegion.parse(region ?? "us") }
        self.organizationID = organizationID
        if let organizationID, organizationID.contains(where: { !$0.isNumber }) {
            throw ConfigurationError(
                "ZOHO_ORGANIZATION_ID must be the numeric organization id (got \(organizationID)).")
        }
        var pathEnvironment = environment
        pathEnvironment["ZOHO_TOKEN_FILE"] = tokenFile
        self.tokenFile = TokenFileLocation.path(environment: pathEnvironment)
        self.apiBaseURL = try ServerSettings.checkedURL(
            apiBaseURL ?? self.region.apiOrigin.absoluteString + "/billing/v1", setting: "ZOHO_API_BASE_URL")
        self.accountsURL = try ServerSettings.checkedURL(
            accountsURL ?? self.region.accountsURL.absoluteString, setting: "ZOHO_ACCOUNTS_URL")
        self.accountsURLSource = region != nil || accountsURL != nil ? .explicit : .default
        self.sandbox = sandbox
        let accessLevel = try AccessLevel(settingName: access ?? (sandbox ? "full" : "read"))
        self.selection = ToolSelection(
            access: accessLevel,
            toolsets: try ToolSelection.parseToolsets(toolsets ?? "default"),
            includedTools: try ToolSelection.parseToolNames(tools ?? "", setting: "ZOHO_MCP_TOOLS"),
            excludedTools: try ToolSelection.parseToolNames(excludeTools ?? "", setting: "ZOHO_MCP_EXCLUDE_TOOLS")
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
