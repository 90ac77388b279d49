import Foundation
import ZohoEmulator
import ZohoFakeServer

/// Runs the test suite's fake Zoho (accounts server and Billing API, with the demo organization) on 127.0.0.1, so
/// that sign-in, `setup` and `doctor` can be tried end to end without a Zoho account.
@main
struct ZohoFakeZoho {
    static let clientID = "1000.FAKEZOHOCLIENT"
    static let clientSecret = "fake-zoho-client-secret"

    static func main() async throws {
        var port: UInt16 = 8080
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            if argument == "--port", let value = arguments.popFirst().flatMap(UInt16.init) {
                port = value
            } else {
                FileHandle.standardError.write(
                    Data("usage: ZohoFakeZoho [--port N] (default 8080; 0 picks one)\n".utf8))
                exit(64)
            }
        }
        var configuration = EmulatorConfiguration(organizations: [.demo])
        configuration.clientID = clientID
        configuration.clientSecret = clientSecret
        configuration.refreshToken = "1000.fake-zoho-refresh-token"
        configuration.deviceCodeInterval = 2
        let emulator = ZohoEmulator(configuration: configuration)
        let server = ZohoFakeServer(emulator: emulator, port: port)
        try await server.start()
        let codes = (1...3).map { _ in "1000.fake-code-" + UUID().uuidString.prefix(8).lowercased() }
        for code in codes { emulator.registerAuthorizationCode(code) }
        let instructions = """
            A fake Zoho is listening on \(server.accountsURL) (accounts server and Billing API; Ctrl-C stops it).
            It plays the demo organization 20071234 and accepts one OAuth client:

              client ID      \(clientID)
              client secret  \(clientSecret)

            Self Client codes (each works once): \(codes.joined(separator: " "))
            The browser sign-in consents at once; a device sign-in is approved at
            \(server.accountsURL)/oauth/v3/device?user_code=CODE.

            In another terminal:

              export ZOHO_ACCOUNTS_URL=\(server.accountsURL) ZOHO_API_BASE_URL=\(server.baseURL)
              export ZOHO_TOKEN_FILE=/tmp/zoho-fake-tokens.json
              echo \(clientSecret) > /tmp/zoho-fake-secret
              zoho-billing-mcp auth login --code \(codes[0]) --client-id \(clientID) --client-secret-file /tmp/zoho-fake-secret
              zoho-billing-mcp doctor

            """
        // Written straight to the descriptor, so that it shows at once even when stdout is a file or a pipe.
        FileHandle.standardOutput.write(Data(instructions.utf8))
        // Serve until interrupted.
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
