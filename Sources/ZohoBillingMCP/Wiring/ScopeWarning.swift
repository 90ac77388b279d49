import CurlHTTP
import Logging
import ZohoAuth
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// At start, one line on stderr when the stored sign-in lacks scopes that listed tools need: otherwise the first
/// sign of it is a Zoho error in the middle of a conversation.
enum ScopeWarning {
    static func emitIfNeeded(settings: ServerSettings, logger: Logger) async {
        let session = OAuthSession.configured(by: settings, logger: logger)
        guard let granted = try? await session.status().scopes, !granted.isEmpty else { return }
        let tools = settings.selection.exposedTools(from: settings.catalog)
        let missing = ToolScopes.missing(ToolScopes.scopes(for: tools, profile: settings.profile), granted: granted)
        guard !missing.isEmpty else { return }
        let affected = tools.filter {
            ToolScopes.scope(for: $0, profile: settings.profile).map(missing.contains) ?? false
        }
        StandardError.emit(
            "Warning: the stored sign-in lacks \(missing.joined(separator: ", ")), so "
                + affected.map(\.name).joined(separator: ", ")
                + " will fail. Sign in again with `zoho-billing-mcp auth login`, or narrow ZOHO_MCP_ACCESS / "
                + "ZOHO_MCP_TOOLSETS.\n")
    }
}
