import ArgumentParser
import ZohoAuth

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP.Auth {
    /// Shows what the token file holds and where it leads, without any secret and without contacting Zoho.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the stored sign-in: region, hosts, client, scopes and token expiry (never a secret).")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let context = try AuthContext(options: options)
            let settings = context.settings
            let status = try await AuthContext.reporting { try await context.session.status() }
            let mode = FileMode.permissions(of: settings.tokenFile)
            var lines: [String] = []
            lines.append("Token file:      \(settings.tokenFile)" + (status.fileExists ? "" : " (does not exist)"))
            if let mode {
                let verdict = mode & 0o077 == 0 ? "private" : "readable by others: run chmod 600 on it"
                lines.append("Permissions:     \(FileMode.octal(mode)) (\(verdict))")
            }
            lines.append("Region:          \(settings.region.rawValue) (\(settings.region.displayName))")
            lines.append("Accounts host:   \(status.accountsURL.absoluteString)")
            lines.append("API host:        \(settings.apiBaseURL)")
            if let apiDomain = status.apiDomain {
                lines.append("API domain:      \(apiDomain) (from Zoho's last token)")
            }
            lines.append("Client ID:       \(status.clientID.map(maskedClientID) ?? "none")")
            lines.append(
                "Scopes:          " + (status.scopes.isEmpty ? "not recorded" : status.scopes.joined(separator: ", ")))
            lines.append("Organization:    \(settings.organizationID ?? "none set (ZOHO_ORGANIZATION_ID)")")
            if let expiry = status.accessTokenExpiresAt {
                let minutes = Int(expiry.timeIntervalSinceNow / 60)
                let when =
                    minutes > 0
                    ? "valid for about \(minutes) more minute\(minutes == 1 ? "" : "s")"
                    : "expired; the next call refreshes it"
                lines.append("Access token:    \(when) (until \(expiry.formatted(.iso8601)))")
            } else {
                lines.append("Access token:    none cached")
            }
            print(lines.joined(separator: "\n"))
            guard status.credentialSource == .file else {
                StandardError.emit(
                    "Not signed in: the token file holds no refresh token. Run `zoho-billing-mcp auth login`.\n")
                throw ExitCode.failure
            }
        }
    }
}
