import CurlHTTP
import JSONCore
import Logging
import ZohoAuth
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The checks `doctor` runs, in order. Each says what it found and, when it fails, what to change. Later checks
/// that depend on a failed one are skipped rather than failing for the same reason twice.
struct DoctorRun {
    let options: GlobalOptions
    let settings: ServerSettings
    let environment: [String: String]
    let logger: Logger

    /// Clock skew beyond this fails: access-token expiry and refresh timing are computed from the local clock.
    static let skewLimit: TimeInterval = 300
    /// Above this it is worth a warning.
    static let skewWarning: TimeInterval = 30

    private(set) var checks: [DoctorCheck] = []
    private(set) var origins: [SettingOrigin] = []

    mutating func run() async {
        let transport = CurlHTTPTransport()
        let session = OAuthSession.configured(by: settings, bootstrap: settings.bootstrapCredentials, logger: logger)
        var status: TokenStatus?
        var statusError: String?
        // Before anything reads the file: reading it tightens wide permissions, which would hide them.
        let modeBefore = FileMode.permissions(of: settings.tokenFile)
        if !settings.sandbox {
            do {
                status = try await session.status()
            } catch let error as any SettingAwareError {
                statusError = error.message(using: CommandLineVocabulary())
            } catch {
                statusError = "\(error)"
            }
        }
        origins = options.origins(environment: environment, settings: settings, status: status)
        checks.append(versionCheck())

        if settings.sandbox {
            let reason = "the sandbox needs no sign-in or network"
            checks.append(.skipped("token file", reason))
            checks.append(.skipped("region and hosts", reason))
            checks.append(.skipped("clock", reason))
            checks.append(.skipped("token refresh", reason))
            checks.append(await organizationCheck())
            checks.append(.skipped("scopes", reason))
        } else {
            let fileCheck = tokenFileCheck(status: status, error: statusError, modeBefore: modeBefore)
            checks.append(fileCheck)
            let regionCheck = self.regionCheck(status: status)
            checks.append(regionCheck)
            if regionCheck.outcome == .failed {
                let reason = "fix the region first; talking to the wrong data centre proves nothing"
                checks.append(.skipped("clock", reason))
                checks.append(.skipped("token refresh", reason))
                checks.append(.skipped("organizations", reason))
            } else {
                let server = status?.accountsURL ?? URL(string: settings.accountsURL)!
                checks.append(await clockCheck(server: server, transport: transport))
                let refresh = await refreshCheck(
                    session: session, status: status,
                    canRefresh: fileCheck.outcome != .failed || settings.bootstrapCredentials != nil)
                checks.append(refresh)
                if refresh.outcome == .failed || refresh.outcome == .skipped {
                    checks.append(.skipped("organizations", "needs a working access token"))
                } else {
                    checks.append(await organizationCheck())
                }
            }
            if fileCheck.outcome == .failed {
                checks.append(.skipped("scopes", "needs a usable token file"))
            } else {
                checks.append(scopeCheck(status: status))
            }
        }
        checks.append(toolSetCheck())
        checks.append(usageCheck())
        checks.append(auditLogCheck())
    }

    var failed: Bool { checks.contains { $0.outcome == .failed } }

    // MARK: - The checks

    private func versionCheck() -> DoctorCheck {
        let chosen = origins.filter { $0.source != .default }
            .map { "\($0.name)=\($0.value) (\($0.source.rawValue))" }
        let detail =
            "zoho-billing-mcp \(ZohoBillingMCP.version); "
            + (chosen.isEmpty
                ? "every setting at its default"
                : chosen.joined(separator: ", ")
                    + "; other settings at their defaults")
        return .ok("version and settings", detail)
    }

    private func tokenFileCheck(status: TokenStatus?, error: String?, modeBefore: UInt32?) -> DoctorCheck {
        let path = settings.tokenFile
        let name = "token file"
        if let error {
            return .failed(
                name, "\(path) cannot be used: \(error)",
                fix: "Delete \(path) and sign in again with `zoho-billing-mcp auth login`.")
        }
        guard let status, status.fileExists else {
            if settings.bootstrapCredentials != nil {
                return .warning(
                    name, "\(path) does not exist yet; the credentials in the environment are stored there on first use"
                )
            }
            return .failed(
                name, "\(path) does not exist",
                fix: "Sign in with `zoho-billing-mcp auth login` (see --help for --code and --device).")
        }
        guard status.credentialSource != .none else {
            return .failed(
                name, "\(path) holds no refresh token and client", fix: "Sign in with `zoho-billing-mcp auth login`.")
        }
        if let modeBefore, modeBefore & 0o077 != 0 {
            let now = FileMode.permissions(of: path).map(FileMode.octal) ?? "?"
            return .warning(
                name,
                "\(path) was mode \(FileMode.octal(modeBefore)), readable by other users; it is \(now) now",
                fix: "If others share this machine, replace the credentials: `zoho-billing-mcp auth logout`, then "
                    + "`zoho-billing-mcp auth login`.")
        }
        let client = status.clientID.map { "client \(maskedClientID($0))" } ?? "no client"
        let source =
            status.credentialSource == .environment ? " (credentials from the environment, not yet stored)" : ""
        return .ok(name, "\(path): mode 0600, parses, \(client)\(source)")
    }

    private func regionCheck(status: TokenStatus?) -> DoctorCheck {
        let name = "region and hosts"
        let configuredAccounts = URL(string: settings.accountsURL)!
        if configuredAccounts.host?.lowercased() == "accounts.zoho.ca" {
            return .failed(
                name, "ZOHO_ACCOUNTS_URL is accounts.zoho.ca, which is not Zoho's Canadian accounts server",
                fix: "Use ZOHO_REGION=ca (its accounts host is accounts.zohocloud.ca) and unset ZOHO_ACCOUNTS_URL.")
        }
        let refreshServer = status?.accountsURL ?? configuredAccounts
        let apiHost = URL(string: settings.apiBaseURL)?.host?.lowercased() ?? ""
        let apiRegion = ZohoRegion.allCases.first { $0.apiOrigin.host == apiHost }
        // Checked before anything refreshes: a refresh with an explicit server rewrites the file's record, and a
        // check must not change what it checks.
        if settings.accountsURLSource == .explicit, let recorded = status?.recordedAccountsURL,
            TokenEndpointOrigin.origin(recorded).lowercased() != TokenEndpointOrigin.origin(refreshServer).lowercased()
        {
            let recordedRegion = Self.accountsRegion(recorded)
            let belongs = recordedRegion.map { " (\($0.displayName))" } ?? ""
            let fix =
                recordedRegion.map { "Set ZOHO_REGION=\($0.rawValue) (or unset ZOHO_REGION and ZOHO_ACCOUNTS_URL)" }
                ?? "Unset ZOHO_REGION, or set ZOHO_ACCOUNTS_URL=\(TokenEndpointOrigin.origin(recorded))"
            return .failed(
                name,
                "the stored refresh token belongs to \(TokenEndpointOrigin.origin(recorded))\(belongs), but the "
                    + "settings send refreshes to \(TokenEndpointOrigin.origin(refreshServer))",
                fix: fix + ", or sign in again in the other data centre with `zoho-billing-mcp auth login`.")
        }
        if let accountsRegion = Self.accountsRegion(refreshServer), let apiRegion, accountsRegion != apiRegion {
            return .failed(
                name,
                "refreshes go to \(refreshServer.host ?? "?") (\(accountsRegion.displayName)) but API calls go to "
                    + "\(apiHost) (\(apiRegion.displayName))",
                fix: "Set ZOHO_REGION=\(accountsRegion.rawValue) and unset ZOHO_API_BASE_URL.")
        }
        if let domain = status?.apiDomain, let domainHost = URL(string: domain)?.host?.lowercased(),
            let domainRegion = ZohoRegion.allCases.first(where: { $0.apiOrigin.host == domainHost }), let apiRegion,
            domainRegion != apiRegion
        {
            return .failed(
                name, "Zoho said API calls belong on \(domainHost), but they go to \(apiHost)",
                fix: "Set ZOHO_REGION=\(domainRegion.rawValue).")
        }
        let regionText =
            Self.accountsRegion(refreshServer) == nil && apiRegion == nil
            ? "custom hosts" : "region \(settings.region.rawValue) (\(settings.region.displayName))"
        return .ok(
            name, "\(regionText): accounts \(TokenEndpointOrigin.origin(refreshServer)), API \(settings.apiBaseURL)")
    }

    private func clockCheck(server: URL, transport: CurlHTTPTransport) async -> DoctorCheck {
        let name = "clock"
        let request = HTTPRequest(method: .get, url: server, timeout: 15, connectTimeout: 10)
        let sent = Date()
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            return .failed(
                name, "could not reach \(TokenEndpointOrigin.origin(server)) to compare clocks: \(error)",
                fix: "Check the network connection, a proxy, or ZOHO_REGION / ZOHO_ACCOUNTS_URL.")
        }
        let received = Date()
        guard let header = response.headers["Date"], let remote = HTTPDate.parse(header) else {
            return .skipped(name, "\(TokenEndpointOrigin.origin(server)) sent no Date header to compare with")
        }
        // The server stamped its Date somewhere between sending and receiving; its header has whole seconds.
        let local = sent.addingTimeInterval(received.timeIntervalSince(sent) / 2)
        let skew = local.timeIntervalSince(remote)
        let rounded = Int(skew.rounded())
        let description =
            abs(rounded) <= 1 ? "in step with Zoho" : "\(abs(rounded)) s \(rounded > 0 ? "ahead of" : "behind") Zoho"
        if abs(skew) > Self.skewLimit {
            return .failed(
                name, "this machine's clock is \(description)",
                fix:
                    "Synchronise the clock (enable NTP, e.g. `timedatectl set-ntp true`); token expiry is computed from it."
            )
        }
        if abs(skew) > Self.skewWarning {
            return .warning(name, "this machine's clock is \(description)", fix: "Enable time synchronisation (NTP).")
        }
        return .ok(name, description)
    }

    private func refreshCheck(session: OAuthSession, status: TokenStatus?, canRefresh: Bool) async -> DoctorCheck {
        let name = "token refresh"
        guard canRefresh else { return .skipped(name, "no credentials to refresh with") }
        let before = status?.accessTokenExpiresAt
        do {
            let token = try await session.accessToken()
            let minutes = Int(token.expiresAt.timeIntervalSinceNow / 60)
            if let before, before == token.expiresAt {
                return .ok(name, "the cached access token is valid for \(minutes) more minutes; no refresh needed")
            }
            return .ok(
                name, "refreshed; the new access token is valid for \(minutes) minutes and is cached for the server")
        } catch let error as any SettingAwareError {
            let message = error.message(using: CommandLineVocabulary())
            return .failed(
                name, message, fix: "Sign in again with `zoho-billing-mcp auth login`, then run doctor again.")
        } catch {
            return .failed(
                name, "\(error)",
                fix: "Run doctor again; if it persists, sign in again with `zoho-billing-mcp auth login`.")
        }
    }

    private func organizationCheck() async -> DoctorCheck {
        let name = "organizations"
        let dispatcher: ToolDispatcher
        do {
            dispatcher = try Runtime.makeServices(settings: settings, logger: logger).dispatcher
        } catch {
            return .failed(name, "\(error)", fix: "Fix the setting named above, then run doctor again.")
        }
        let context = DetachedToolCallContext(
            confirmer: UnavailableConfirmer(reason: "doctor asks nothing"), clientName: "zoho-billing-mcp doctor")
        let outcome: ToolOutcome
        do {
            guard
                case .outcome(let result) = try await dispatcher.call(
                    "list_organizations", arguments: [:], context: context)
            else {
                return .failed(name, "list_organizations is not available", fix: "Report this as a bug.")
            }
            outcome = result
            // So that the usage line below counts this request too.
            dispatcher.client.usage?.flush()
        } catch {
            return .failed(name, "list_organizations failed: \(error)", fix: "Run doctor again.")
        }
        if outcome.isError {
            return .failed(
                name, "list_organizations failed: \(outcome.text)",
                fix: "Follow the message; `zoho-billing-mcp auth status` shows what is stored.")
        }
        let organizations = outcome.structured?["organizations"]?.arrayValue ?? []
        let ids = organizations.compactMap { $0["organization_id"]?.stringValue }
        let names = organizations.map { organization in
            "\(organization["organization_id"]?.stringValue ?? "?") (\(organization["name"]?.stringValue ?? "unnamed"))"
        }
        if let chosen = settings.organizationID {
            guard ids.contains(chosen) else {
                return .failed(
                    name,
                    "ZOHO_ORGANIZATION_ID=\(chosen) is not one of this account's organizations: "
                        + names.joined(separator: ", "),
                    fix: "Set ZOHO_ORGANIZATION_ID to one of \(ids.joined(separator: ", ")).")
            }
            return .ok(name, "reachable; default organization \(names[ids.firstIndex(of: chosen)!])")
        }
        switch ids.count {
        case 0:
            return .failed(
                name, "the account has no Zoho Billing organization",
                fix: "Create one at billing.zoho.com, or sign in with another account.")
        case 1:
            return .ok(name, "reachable; the only organization, \(names[0]), is used")
        default:
            return .failed(
                name, "\(ids.count) organizations and no default: \(names.joined(separator: ", "))",
                fix: "Set ZOHO_ORGANIZATION_ID to one of them (or pass organization_id with every call).")
        }
    }

    private func scopeCheck(status: TokenStatus?) -> DoctorCheck {
        let name = "scopes"
        let tools = settings.selection.exposedTools(from: settings.catalog)
        let required = ToolScopes.scopes(for: tools, profile: settings.profile)
        guard let status, !status.scopes.isEmpty else {
            return .warning(
                name,
                "the token file records no granted scopes, so they cannot be compared with the \(required.count) "
                    + "the enabled tools need",
                fix: "Sign in with `zoho-billing-mcp auth login`, which records them.")
        }
        let missing = ToolScopes.missing(required, granted: status.scopes)
        guard missing.isEmpty else {
            let needing = tools.filter { tool in
                ToolScopes.scope(for: tool, profile: settings.profile).map(missing.contains) ?? false
            }.map(\.name)
            return .failed(
                name,
                "the token lacks \(missing.joined(separator: ", ")), needed by \(needing.joined(separator: ", "))",
                fix: "Sign in again with `zoho-billing-mcp auth login` (it asks for what the enabled tools need), or "
                    + "narrow the tools with ZOHO_MCP_ACCESS / ZOHO_MCP_TOOLSETS.")
        }
        return .ok(name, "the granted scopes cover the \(required.count) the enabled tools need")
    }

    private func toolSetCheck() -> DoctorCheck {
        let tools = settings.selection.exposedTools(from: settings.catalog)
        let listing = JSONValue.array(tools.map { ToolListing.json(for: $0) }).serialized()
        // About four bytes of JSON per model token: a rough size, enough to see a tool list crowd a context.
        let tokens = listing.utf8.count / 4
        let toolsets = Set(tools.map(\.toolset)).sorted().joined(separator: ", ")
        return .ok(
            "tool set",
            "\(tools.count) tools at access \(settings.selection.access.settingName) (toolsets \(toolsets)); the tool "
                + "list is about \(tokens) tokens")
    }

    /// The Zoho requests this machine made this minute and today, from the shared usage file.
    private func usageCheck() -> DoctorCheck {
        let meter = Runtime.usageMeter(settings: settings, logger: logger)
        let snapshot = meter.snapshot()
        let summary = APIUsageTool.summary(snapshot, meter: meter)
        if let capped = snapshot.organizations.first(where: { $0.dailyCapUntil != nil }) {
            let who = capped.organizationID.isEmpty ? "requests without an organization" : capped.organizationID
            return .warning(
                "API usage", summary,
                fix: "Zoho's daily request limit for \(who) is spent; calls fail at once until the time shown. Wait, "
                    + "or ask Zoho to raise the plan's limit.")
        }
        return .ok("API usage", summary)
    }

    private func auditLogCheck() -> DoctorCheck {
        let name = "audit log"
        guard let path = settings.safety.auditLogPath else {
            return .ok(name, "off (ZOHO_MCP_AUDIT_LOG=off)")
        }
        guard FileMode.isWritable(path) else {
            return .failed(
                name, "\(path) cannot be written",
                fix: "Make its directory writable, or set ZOHO_MCP_AUDIT_LOG to another path (or off).")
        }
        return .ok(name, "\(path) is writable")
    }

    private static func accountsRegion(_ url: URL) -> ZohoRegion? {
        ZohoRegion.allCases.first { $0.accountsURL.host == url.host?.lowercased() }
    }
}

/// `scheme://host[:port]` of a URL, for messages.
enum TokenEndpointOrigin {
    static func origin(_ url: URL) -> String {
        let scheme = url.scheme ?? "https"
        let host = url.host ?? "?"
        return url.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
