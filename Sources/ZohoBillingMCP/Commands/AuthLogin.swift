import ArgumentParser
import PlatformSupport
import ZohoAuth
import ZohoBillingTools

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP.Auth {
    /// Obtains a refresh token and writes it, with the client, into the token file.
    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign in to Zoho and store the credentials in the token file.",
            discussion: """
                Three ways to sign in:
                  (default)     opens the browser; Zoho redirects back to a one-shot listener on 127.0.0.1
                  --device      shows a code to enter on any device with a browser (SSH, headless machines)
                  --code CODE   exchanges a code from a Self Client (api-console.zoho.com → Self Client)
                The client secret comes from --client-secret-file, ZOHO_CLIENT_SECRET, the token file (same client),
                or a prompt that does not echo; never from an argument, which other users could see in `ps`.
                """
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "A Self Client authorization code to exchange.")
        var code: String?

        @Flag(help: "Sign in with a device code instead of a browser on this machine.")
        var device = false

        @Option(help: ArgumentHelp("The OAuth client ID.", discussion: "Env: ZOHO_CLIENT_ID."))
        var clientId: String?

        @Option(help: "Read the client secret from this file ('-' reads standard input).")
        var clientSecretFile: String?

        @Option(help: "Comma-separated scopes to ask for (default: what the enabled tools need).")
        var scopes: String?

        @Option(help: "Port for the browser redirect listener on 127.0.0.1 (default: any free port).")
        var port: UInt16 = 0

        @Flag(help: "Print the sign-in URL instead of opening a browser.")
        var noBrowser = false

        /// How long the browser flow waits for the redirect.
        @Option(help: .hidden)
        var redirectTimeout: Double = 300

        func validate() throws {
            if code != nil && device { throw ValidationError("Choose one of --code and --device.") }
        }

        func run() async throws {
            let context = try AuthContext(options: options)
            let settings = context.settings
            let session = context.session
            try await AuthContext.reporting {
                let client = try await obtainClient(context)
                let requested = requestedScopes(settings)
                let token: AccessToken
                if let code {
                    token = try await session.exchangeAuthorizationCode(
                        code: trimmed(code), client: client, requestedScopes: scopes == nil ? [] : requested)
                } else if device {
                    token = try await deviceSignIn(session: session, client: client, scopes: requested)
                } else {
                    token = try await browserSignIn(context, client: client, scopes: requested)
                }
                let status = try await session.status()
                print("Signed in. Credentials stored in \(settings.tokenFile) (mode 0600).")
                print("  accounts server: \(status.accountsURL.absoluteString)")
                print("  API domain:      \(token.apiDomain ?? "not given; from the region")")
                print("  client ID:       \(maskedClientID(client.id))")
                let granted = status.scopes.isEmpty ? "not reported by Zoho" : status.scopes.joined(separator: ", ")
                print("  scopes:          \(granted)")
                if let hint = regionHint(settings: settings, status: status) { print(hint) }
                print(
                    "Next: `zoho-billing-mcp doctor` checks the setup; `zoho-billing-mcp setup claude-desktop` connects a client."
                )
            }
        }

        private func requestedScopes(_ settings: ServerSettings) -> [String] {
            if let scopes {
                return scopes.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            }
            return ToolScopes.scopes(
                for: settings.selection.exposedTools(from: settings.catalog), profile: settings.profile)
        }

        /// The client ID from the flag, the environment or the token file; the secret from a file, the
        /// environment, the token file (when the ID matches) or a silent prompt.
        private func obtainClient(_ context: AuthContext) async throws -> OAuthClient {
            let stored = try await context.session.storedClient()
            let environmentID = context.environment["ZOHO_CLIENT_ID"].map(trimmed).flatMap { $0.isEmpty ? nil : $0 }
            guard let id = clientId.map(trimmed) ?? environmentID ?? stored?.id else {
                throw ValidationError(
                    "No OAuth client ID: pass --client-id or set ZOHO_CLIENT_ID. Create a client in the API console "
                        + "of your data centre (api-console.zoho.com): a Self Client for --code, a server-based "
                        + "client with redirect URI http://127.0.0.1:<port>/callback for the browser.")
            }
            if let clientSecretFile {
                return OAuthClient(id: id, secret: try readSecretFile(clientSecretFile))
            }
            if let secret = context.environment["ZOHO_CLIENT_SECRET"].map(trimmed), !secret.isEmpty {
                return OAuthClient(id: id, secret: secret)
            }
            if let stored, stored.id == id { return stored }
            guard let typed = Terminal.ask("Client secret for \(maskedClientID(id)): ", echo: false).map(trimmed),
                !typed.isEmpty
            else {
                throw ValidationError(
                    "No client secret: pass --client-secret-file PATH (or - for stdin), set ZOHO_CLIENT_SECRET, or run "
                        + "in a terminal to be asked.")
            }
            return OAuthClient(id: id, secret: typed)
        }

        private func readSecretFile(_ path: String) throws -> String {
            let data: Data
            if path == "-" {
                var bytes: [UInt8] = []
                while let line = readLine(strippingNewline: false) { bytes += Array(line.utf8) }
                data = Data(bytes)
            } else {
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("Cannot read the client secret file \(path).")
                }
                data = contents
            }
            let secret = trimmed(String(decoding: data, as: UTF8.self))
            guard !secret.isEmpty else { throw ValidationError("The client secret file \(path) is empty.") }
            return secret
        }

        private func browserSignIn(_ context: AuthContext, client: OAuthClient, scopes: [String]) async throws
            -> AccessToken
        {
            let listener = try LoopbackRedirectListener(port: port)
            let request = AuthorizationRequest(clientID: client.id, redirectURI: listener.redirectURI, scopes: scopes)
            let configured = URL(string: context.settings.accountsURL)!
            let url = request.url(accountsURL: configured).absoluteString
            let opened = !noBrowser && BrowserOpener.open(url, environment: context.environment)
            var lines = [
                opened
                    ? "Opened your browser to sign in to Zoho. If nothing appeared, open:"
                    : "Open this URL to sign in to Zoho:",
                "  \(url)",
                "Waiting for Zoho's redirect to \(listener.redirectURI) (the client must allow that redirect URI).",
            ]
            if !opened && BrowserOpener.isHeadless(environment: context.environment) {
                lines.append("No browser on this machine? Use `zoho-billing-mcp auth login --device` instead.")
            }
            StandardError.emit(lines.joined(separator: "\n") + "\n")
            let timeout = redirectTimeout
            let state = request.state
            let redirect: AuthorizationRedirect = try await withCheckedThrowingContinuation { continuation in
                startDetachedThread {
                    continuation.resume(with: Result { try listener.waitForRedirect(state: state, timeout: timeout) })
                }
            }
            var server = configured
            if let named = redirect.accountsServer {
                guard let accepted = AccountsServerPolicy.accepted(named, configured: configured) else {
                    throw ValidationError(
                        "Zoho's redirect named \(named) as the accounts server, which is not one of Zoho's; "
                            + "refusing to send it the client secret.")
                }
                server = accepted
            } else if let location = redirect.location, let located = AccountsServerPolicy.server(forLocation: location)
            {
                server = located
            }
            return try await context.session.exchangeAuthorizationCode(
                code: redirect.code, redirectURI: listener.redirectURI, client: client,
                codeVerifier: request.pkce.verifier, accountsURL: server, requestedScopes: scopes)
        }

        private func deviceSignIn(session: OAuthSession, client: OAuthClient, scopes: [String]) async throws
            -> AccessToken
        {
            let authorization = try await session.startDeviceAuthorization(client: client, scopes: scopes)
            let minutes = max(1, Int(authorization.expiresAt.timeIntervalSinceNow / 60))
            StandardError.emit(
                """
                To sign in, open \(authorization.verificationURL) on any device and enter the code:

                    \(authorization.userCode)

                Waiting for approval (the code expires in about \(minutes) minute\(minutes == 1 ? "" : "s"))…

                """)
            return try await session.completeDeviceAuthorization(
                authorization, client: client,
                progress: { event in
                    switch event {
                    case .slowedDown(let interval):
                        StandardError.emit("Zoho asked to poll less often; now every \(interval) s.\n")
                    case .movedTo(let server):
                        StandardError.emit(
                            "Your account is in another data centre; continuing at \(server.absoluteString).\n")
                    }
                })
        }

        /// Says which region to configure when the account turned out to live elsewhere than the settings say.
        private func regionHint(settings: ServerSettings, status: TokenStatus) -> String? {
            // Without a configured region the token file's record and api_domain already lead there.
            guard settings.accountsURLSource == .explicit, let host = status.accountsURL.host,
                let region = ZohoRegion.allCases.first(where: { $0.accountsURL.host == host }),
                region != settings.region
            else { return nil }
            return "Your Zoho account is in \(region.displayName), not the configured region: set "
                + "ZOHO_REGION=\(region.rawValue), or leave the region unset to follow the sign-in."
        }
    }
}

/// Removes surrounding whitespace, which pasted codes and secrets often carry.
func trimmed(_ text: String) -> String {
    text.trimmingWhitespace()
}
