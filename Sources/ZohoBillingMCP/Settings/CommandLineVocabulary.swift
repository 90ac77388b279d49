import ZohoAuth
import ZohoBillingTools

/// Names settings the way this program takes them: the environment variable, and the flag where there is one.
///
/// The libraries refer to settings only through `ConfigurationSetting` and `ToolSetting`; this is where they become
/// words a user can type.
struct CommandLineVocabulary: SettingVocabulary, ToolSettingVocabulary {
    func name(of setting: ConfigurationSetting) -> String {
        switch setting {
        case .region: "ZOHO_REGION (--region)"
        case .accountsURL: "ZOHO_ACCOUNTS_URL (--accounts-url)"
        case .tokenFile: "ZOHO_TOKEN_FILE (--token-file)"
        case .clientID: "ZOHO_CLIENT_ID"
        case .clientSecret: "ZOHO_CLIENT_SECRET"
        case .refreshToken: "ZOHO_REFRESH_TOKEN"
        case .apiBaseURL: "ZOHO_API_BASE_URL (--api-base-url)"
        }
    }

    func name(of setting: ToolSetting) -> String {
        switch setting {
        case .access: "ZOHO_MCP_ACCESS (--access)"
        case .toolsets: "ZOHO_MCP_TOOLSETS (--toolsets)"
        case .includedTools: "ZOHO_MCP_TOOLS (--tools)"
        case .excludedTools: "ZOHO_MCP_EXCLUDE_TOOLS (--exclude-tools)"
        case .organizationID: "ZOHO_ORGANIZATION_ID (--organization-id)"
        }
    }

    var signInAdvice: String {
        "Sign in with `zoho-billing-mcp auth login` (or `auth login --device` on a machine without a browser), then "
            + "check the setup with `zoho-billing-mcp doctor`."
    }

    /// Runs `body`; a ZohoAuth error it throws becomes a `ConfigurationError` worded with this program's names.
    static func rewording<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as any SettingAwareError {
            throw ConfigurationError(error.message(using: CommandLineVocabulary()))
        }
    }

    /// Runs `body`; a ZohoAuth error it throws becomes a `ZohoClientError` worded with this program's names, which
    /// a failed tool call then shows as it is.
    static func rewording<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as any SettingAwareError {
            throw ZohoClientError(error.message(using: CommandLineVocabulary()))
        }
    }
}
