import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ZohoBillingTools

/// Settings every command shares. Each has a flag and an environment variable; the flag wins.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Zoho data centre: us, eu, in, au, jp, ca, cn or sa.", discussion: "Env: ZOHO_REGION."))
    var region: String?

    @Option(help: ArgumentHelp("Default organization id.", discussion: "Env: ZOHO_ORGANIZATION_ID."))
    var organizationId: String?

    @Option(help: ArgumentHelp("Token file path.", discussion: "Env: ZOHO_TOKEN_FILE."))
    var tokenFile: String?

    @Option(
        help: ArgumentHelp(
            "Full API root, such as http://127.0.0.1:8080/billing/v1.", discussion: "Env: ZOHO_API_BASE_URL."))
    var apiBaseUrl: String?

    @Option(help: ArgumentHelp("Accounts (OAuth) server root.", discussion: "Env: ZOHO_ACCOUNTS_URL."))
    var accountsUrl: String?

    @Option(help: ArgumentHelp("Zoho product: billing.", discussion: "Env: ZOHO_MCP_PRODUCT."))
    var product: String?

    @Option(help: ArgumentHelp("Access level: read, write or full.", discussion: "Env: ZOHO_MCP_ACCESS."))
    var access: String?

    @Option(help: ArgumentHelp("Comma-separated toolsets, or default, or all.", discussion: "Env: ZOHO_MCP_TOOLSETS."))
    var toolsets: String?

    @Option(help: ArgumentHelp("Comma-separated tools to add.", discussion: "Env: ZOHO_MCP_TOOLS."))
    var tools: String?

    @Option(help: ArgumentHelp("Comma-separated tools to remove.", discussion: "Env: ZOHO_MCP_EXCLUDE_TOOLS."))
    var excludeTools: String?

    @Flag(
        help: ArgumentHelp(
            "Serve the embedded sandbox organization; no account or network needed.",
            discussion: "Env: ZOHO_MCP_SANDBOX=1."))
    var sandbox = false

    @Option(
        help: ArgumentHelp(
            "With --sandbox: keep the sandbox's data in this file, loaded at start and saved after each change.",
            discussion: "Env: ZOHO_MCP_SANDBOX_STATE."))
    var sandboxState: String?

    @Option(
        help: ArgumentHelp(
            "Log level on stderr: trace, debug, info, notice, warning, error, critical.",
            discussion: "Env: ZOHO_MCP_LOG_LEVEL."))
    var logLevel: String?

    @Option(help: ArgumentHelp("Seconds a Zoho call may take.", discussion: "Env: ZOHO_MCP_TIMEOUT."))
    var timeout: Double?

    @Option(
        help: ArgumentHelp(
            "Zoho requests per minute per organization from this process, or off.",
            discussion: "Env: ZOHO_MCP_RATE_LIMIT. Default 100, with at most 5 requests in flight."))
    var rateLimit: String?

    @Option(
        help: ArgumentHelp(
            "The largest answer accepted from Zoho, in MiB.", discussion: "Env: ZOHO_MCP_MAX_RESPONSE_MIB. Default 32.")
    )
    var maxResponseMib: Int?

    @Option(
        help: ArgumentHelp(
            "Confirmation of destructive tools: on, or off for unattended automation.",
            discussion: "Env: ZOHO_MCP_CONFIRM."))
    var confirm: String?

    @Option(help: ArgumentHelp("Audit log path, or off.", discussion: "Env: ZOHO_MCP_AUDIT_LOG."))
    var auditLog: String?

    /// Test-only tools that exercise progress, cancellation, elicitation and large results through the protocol.
    @Flag(help: .hidden)
    var diagnosticTools = false

    /// Merges flags over the environment into checked settings.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerSettings {
        func value(_ flag: String?, _ name: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let env = environment[name], !env.isEmpty { return env }
            return nil
        }
        func isOn(_ name: String) -> Bool {
            ["1", "true", "yes", "on"].contains((environment[name] ?? "").lowercased())
        }
        var settings = try ServerSettings(
            region: value(region, "ZOHO_REGION"),
            organizationID: value(organizationId, "ZOHO_ORGANIZATION_ID"),
            tokenFile: value(tokenFile, "ZOHO_TOKEN_FILE"),
            apiBaseURL: value(apiBaseUrl, "ZOHO_API_BASE_URL"),
            accountsURL: value(accountsUrl, "ZOHO_ACCOUNTS_URL"),
            product: value(product, "ZOHO_MCP_PRODUCT"),
            access: value(access, "ZOHO_MCP_ACCESS"),
            toolsets: value(toolsets, "ZOHO_MCP_TOOLSETS"),
            tools: value(tools, "ZOHO_MCP_TOOLS"),
            excludeTools: value(excludeTools, "ZOHO_MCP_EXCLUDE_TOOLS"),
            sandbox: sandbox || isOn("ZOHO_MCP_SANDBOX"),
            sandboxState: value(sandboxState, "ZOHO_MCP_SANDBOX_STATE"),
            diagnosticTools: diagnosticTools || isOn("ZOHO_MCP_DIAGNOSTIC_TOOLS"),
            logLevel: value(logLevel, "ZOHO_MCP_LOG_LEVEL"),
            timeout: timeout ?? value(nil, "ZOHO_MCP_TIMEOUT").flatMap(Double.init),
            confirm: value(confirm, "ZOHO_MCP_CONFIRM"),
            auditLog: value(auditLog, "ZOHO_MCP_AUDIT_LOG"),
            environment: environment
        )
        settings.limits = try ServerSettings.limits(rateLimit: value(rateLimit, "ZOHO_MCP_RATE_LIMIT"))
        if let mebibytes = maxResponseMib ?? value(nil, "ZOHO_MCP_MAX_RESPONSE_MIB").flatMap({ Int($0) }) {
            guard (1...1024).contains(mebibytes) else {
                throw ConfigurationError("ZOHO_MCP_MAX_RESPONSE_MIB must be between 1 and 1024 (got \(mebibytes)).")
            }
            settings.maximumResponseBytes = mebibytes << 20
        }
        return settings
    }
}
