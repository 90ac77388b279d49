import ArgumentParser
import ZohoAuth

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ZohoBillingMCP.Auth {
    /// Revokes the refresh token at Zoho and deletes the token file.
    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke the refresh token at Zoho and delete the stored credentials.")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Delete the token file without asking Zoho to revoke the refresh token.")
        var localOnly = false

        func run() async throws {
            let context = try AuthContext(options: options)
            let session = context.session
            let status = try await AuthContext.reporting { try await session.status() }
            guard status.fileExists else {
                print("Not signed in: \(status.path) does not exist. Nothing to do.")
                return
            }
            if !localOnly && status.credentialSource == .file {
                do {
                    try await session.revoke()
                    print("Revoked the refresh token at \(status.accountsURL.absoluteString).")
                } catch OAuthError.refreshTokenRejected {
                    print("Zoho no longer knew the refresh token (already revoked or expired).")
                } catch let error as any SettingAwareError {
                    StandardError.emit(
                        "Error: " + error.message(using: CommandLineVocabulary())
                            + "\nThe credentials were kept. Try again, or pass --local-only to delete them without "
                            + "revoking (then revoke the app at accounts.zoho.com → Connected Apps).\n")
                    throw ExitCode.failure
                }
            }
            try await AuthContext.reporting { _ = try await session.deleteFile() }
            print("Deleted \(status.path).")
            if context.environment["ZOHO_REFRESH_TOKEN"] != nil {
                print("ZOHO_REFRESH_TOKEN is still set in the environment; unset it too.")
            }
        }
    }
}
