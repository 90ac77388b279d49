import CurlHTTP
import Foundation
import Logging
import ZohoAuth
import ZohoBillingTools
import ZohoEmulator

/// Wires settings to a dispatcher: the real Zoho over libcurl with OAuth, or the in-process sandbox.
enum Runtime {
    static func makeDispatcher(settings: ServerSettings, logger: Logger) -> ToolDispatcher {
        let client: ZohoClient
        if settings.sandbox {
            let emulator = ZohoEmulator(configuration: EmulatorConfiguration(requireAuthentication: false))
            client = ZohoClient(
                apiBaseURL: "https://sandbox.invalid/billing/v1",
                transport: EmulatorTransport(emulator: emulator),
                tokens: FixedTokenSource(token: "sandbox"),
                timeout: settings.timeout,
                logger: logger
            )
        } else {
            let transport = CurlHTTPTransport()
            let session = OAuthSession(
                tokenFile: settings.tokenFile,
                accountsURL: URL(string: settings.accountsURL)!,
                accountsURLSource: settings.accountsURLSource,
                transport: transport,
                bootstrap: settings.bootstrapCredentials,
                vocabulary: CommandLineVocabulary(),
                logger: logger
            )
            client = ZohoClient(
                apiBaseURL: settings.apiBaseURL,
                transport: transport,
                tokens: OAuthTokenSource(session: session),
                timeout: settings.timeout,
                logger: logger
            )
        }
        return ToolDispatcher(
            selection: settings.selection, client: client, defaultOrganizationID: settings.organizationID,
            logger: logger)
    }

    /// Sends every log line to stderr: stdout carries only protocol messages.
    static func bootstrapLogging(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "zoho-billing-mcp")
        logger.logLevel = level
        return logger
    }
}

/// Adapts ZohoAuth's session to the client's token protocol.
struct OAuthTokenSource: AccessTokenSource {
    let session: OAuthSession

    func accessToken() async throws -> String {
        try await CommandLineVocabulary.rewording { try await session.accessToken().value }
    }

    func accessToken(replacing rejected: String) async throws -> String {
        try await CommandLineVocabulary.rewording { try await session.accessToken(replacing: rejected).value }
    }
}

/// The sandbox needs no sign-in.
struct FixedTokenSource: AccessTokenSource {
    let token: String

    func accessToken() async throws -> String { token }
    func accessToken(replacing rejected: String) async throws -> String { token }
}

/// Hands requests to the in-process emulator instead of the network.
struct EmulatorTransport: HTTPTransport {
    let emulator: ZohoEmulator

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        let query = (components?.queryItems ?? []).map { EmulatorQueryItem(name: $0.name, value: $0.value ?? "") }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.lowercased()] = field.value }
        let answer = await emulator.handle(
            EmulatorRequest(
                method: request.method.rawValue, path: components?.path ?? request.url.path, query: query,
                headers: headers, body: request.body ?? Data()))
        var responseHeaders = HTTPHeaders()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            responseHeaders.add(name: name, value: value)
        }
        return HTTPResponse(status: answer.status, headers: responseHeaders, body: answer.body)
    }
}
