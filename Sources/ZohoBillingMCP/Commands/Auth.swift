import ArgumentParser
import CurlHTTP
import Logging
import ZohoAuth

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP {
    /// Signs in to Zoho and manages the credentials in the token file.
    struct Auth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign in to Zoho, and inspect or remove the stored credentials.",
            subcommands: [Login.self, Status.self, Logout.self, Scopes.self]
        )
    }
}

/// What the auth commands share: settings read without the credential variables (which sign-in replaces), and a
/// session on the token file.
struct AuthContext {
    var settings: ServerSettings
    var session: OAuthSession
    var logger: Logger
    var environment: [String: String]

    static let credentialVariables = ["ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN"]

    init(options: GlobalOptions) throws {
        let environment = ProcessInfo.processInfo.environment
        var withoutCredentials = environment
        for name in Self.credentialVariables { withoutCredentials[name] = nil }
        let settings = try options.settings(environment: withoutCredentials)
        if settings.sandbox {
            throw ValidationError("The sandbox needs no sign-in: it serves an embedded organization without Zoho.")
        }
        self.settings = settings
        self.environment = environment
        self.logger = Runtime.bootstrapLogging(level: settings.logLevel)
        self.session = OAuthSession.configured(by: settings, logger: logger)
    }

    /// Runs `body`, turning a ZohoAuth error into this program's wording and a failed exit.
    static func reporting<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as any SettingAwareError {
            StandardError.emit("Error: " + error.message(using: CommandLineVocabulary()) + "\n")
            throw ExitCode.failure
        } catch let error as LoopbackListenerError {
            StandardError.emit("Error: \(error)\n")
            throw ExitCode.failure
        }
    }
}

/// A client ID shown partly: enough to tell two clients apart, not enough to reuse.
func maskedClientID(_ id: String) -> String {
    guard id.count > 10 else { return String(id.prefix(3)) + "…" }
    return String(id.prefix(7)) + "…" + String(id.suffix(4))
}
