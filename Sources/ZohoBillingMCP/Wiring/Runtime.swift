import CurlHTTP
import Logging
import ZohoAuth
import ZohoBillingTools
import ZohoEmulator

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Wires settings to a dispatcher: the real Zoho over libcurl with OAuth, or the in-process sandbox.
enum Runtime {
    /// What a command needs to run tools.
    struct Services {
        var dispatcher: ToolDispatcher
        /// Where tool calls should run: the HTTP transport's threads, so that a call reaches Zoho without thread
        /// hops; nil for the sandbox.
        var taskExecutor: (any TaskExecutor)?
    }

    static func makeServices(settings: ServerSettings, logger: Logger) -> Services {
        var client: ZohoClient
        var taskExecutor: (any TaskExecutor)? = nil
        if settings.sandbox {
            let emulator = ZohoEmulator(configuration: .sandbox)
            client = ZohoClient(
                apiBaseURL: "https://sandbox.invalid" + settings.profile.apiRootPath,
                organizationPlacement: settings.profile.organizationPlacement,
                transport: EmulatorTransport(emulator: emulator),
                tokens: FixedTokenSource(token: "sandbox"),
                timeout: settings.timeout,
                logger: logger
            )
        } else {
            let transport = CurlHTTPTransport()
            taskExecutor = transport.taskExecutor
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
                organizationPlacement: settings.profile.organizationPlacement,
                transport: transport,
                tokens: OAuthTokenSource(session: session),
                timeout: settings.timeout,
                limiter: RequestLimiter(configuration: settings.limits),
                retries: .standard,
                logger: logger
            )
            client.maximumResponseBytes = settings.maximumResponseBytes
        }
        let dispatcher = ToolDispatcher(
            profile: settings.profile, selection: settings.selection, client: client,
            defaultOrganizationID: settings.organizationID,
            computedTools: settings.diagnosticTools ? DiagnosticTools.all : [],
            vocabulary: CommandLineVocabulary(), logger: logger)
        return Services(dispatcher: dispatcher, taskExecutor: taskExecutor)
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
