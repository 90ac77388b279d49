import Logging
import ZohoAuth
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What set one setting's value, as `doctor` reports it.
struct SettingOrigin: Sendable, Equatable {
    enum Source: String, Sendable {
        case flag
        case env
        case file
        case `default`
    }

    /// The environment variable that names the setting.
    var name: String
    /// The value in effect, never a secret.
    var value: String
    var source: Source
}

extension GlobalOptions {
    /// Each setting with its value and what set it: a flag, the environment, the token file or the default.
    /// - Parameter status: the token file's state, when it could be read.
    func origins(environment: [String: String], settings: ServerSettings, status: TokenStatus?) -> [SettingOrigin] {
        func origin(_ name: String, _ flag: String?, value: String) -> SettingOrigin {
            if let flag, !flag.isEmpty { return SettingOrigin(name: name, value: value, source: .flag) }
            if let env = environment[name], !env.isEmpty {
                return SettingOrigin(name: name, value: value, source: .env)
            }
            return SettingOrigin(name: name, value: value, source: .default)
        }
        var origins = [
            origin("ZOHO_MCP_PRODUCT", product, value: settings.profile.name),
            origin("ZOHO_REGION", region, value: settings.region.rawValue),
        ]
        var accounts = origin("ZOHO_ACCOUNTS_URL", accountsUrl, value: settings.accountsURL)
        if settings.accountsURLSource == .default, let status, status.credentialSource == .file,
            status.accountsURL.absoluteString != settings.accountsURL
        {
            accounts = SettingOrigin(name: "ZOHO_ACCOUNTS_URL", value: status.accountsURL.absoluteString, source: .file)
        }
        origins.append(accounts)
        var api = origin("ZOHO_API_BASE_URL", apiBaseUrl, value: settings.apiBaseURL)
        if api.source == .default,
            settings.apiBaseURL != settings.region.apiOrigin.absoluteString + settings.profile.apiRootPath
        {
            // Not the region's: the token file's api_domain chose it.
            api.source = .file
        }
        origins.append(api)
        origins += [
            origin("ZOHO_TOKEN_FILE", tokenFile, value: settings.tokenFile),
            origin("ZOHO_ORGANIZATION_ID", organizationId, value: settings.organizationID ?? "none"),
            origin("ZOHO_MCP_ACCESS", access, value: settings.selection.access.settingName),
            origin("ZOHO_MCP_TOOLSETS", toolsets, value: toolsets ?? environment["ZOHO_MCP_TOOLSETS"] ?? "default"),
            origin("ZOHO_MCP_TOOLS", tools, value: settings.selection.includedTools.sorted().joined(separator: ",")),
            origin(
                "ZOHO_MCP_EXCLUDE_TOOLS", excludeTools,
                value: settings.selection.excludedTools.sorted().joined(separator: ",")),
            origin("ZOHO_MCP_SANDBOX", sandbox ? "1" : nil, value: settings.sandbox ? "1" : "off"),
            origin("ZOHO_MCP_SANDBOX_STATE", sandboxState, value: settings.sandboxStatePath ?? "none"),
            origin("ZOHO_MCP_LOG_LEVEL", logLevel, value: settings.logLevel.rawValue),
            origin("ZOHO_MCP_TIMEOUT", timeout.map { "\($0)" }, value: "\(settings.timeout)"),
        ]
        let credentials: SettingOrigin.Source =
            switch status?.credentialSource {
            case .environment?: .env
            case .file?: .file
            default: settings.bootstrapCredentials != nil ? .env : .default
            }
        origins.append(
            SettingOrigin(
                // One entry for the three: they are set together or not at all.
                name: "credentials",
                value: credentials == .default ? "none" : "set", source: credentials))
        return origins.map { origin in
            var shown = origin
            if shown.value.isEmpty { shown.value = "none" }
            return shown
        }
    }
}
