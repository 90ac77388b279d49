import AuditLog
import CurlHTTP
import JSONCore
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

    static func makeServices(settings: ServerSettings, logger: Logger) throws -> Services {
        announceSafety(settings: settings)
        let redactor = Runtime.secrets
        for secret in Runtime.knownSecrets(settings: settings) { redactor.add(secret) }
        var client: ZohoClient
        var taskExecutor: (any TaskExecutor)? = nil
        if settings.sandbox {
            let stateFile = settings.sandboxStatePath.map { SandboxStateFile(path: $0, logger: logger) }
            let emulator: Task<ZohoEmulator, Never>
            if let stateFile, let saved = try stateFile.read() {
                // Saved data replaces the seed, so the seed is skipped; a file that cannot be used stops the run here.
                var configuration = EmulatorConfiguration.sandbox
                configuration.seedDemoData = false
                let restored = ZohoEmulator(configuration: configuration)
                try stateFile.restore(saved, into: restored)
                emulator = Task { restored }
            } else {
                emulator = Task.detached(priority: .userInitiated) { ZohoEmulator(configuration: .sandbox) }
            }
            client = ZohoClient(
                apiBaseURL: "https://sandbox.invalid" + settings.profile.apiRootPath,
                organizationPlacement: settings.profile.organizationPlacement,
                transport: EmulatorTransport(emulator: emulator, stateFile: stateFile),
                tokens: FixedTokenSource(token: "sandbox"),
                timeout: settings.timeout,
                usage: usageMeter(settings: settings, logger: logger),
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
                tokens: OAuthTokenSource(session: session, redactor: redactor),
                timeout: settings.timeout,
                limiter: RequestLimiter(configuration: settings.limits),
                retries: .standard,
                usage: usageMeter(settings: settings, logger: logger),
                logger: logger
            )
            client.maximumResponseBytes = settings.maximumResponseBytes
        }
        let dispatcher = ToolDispatcher(
            profile: settings.profile, selection: settings.selection, client: client,
            defaultOrganizationID: settings.organizationID,
            computedTools: settings.diagnosticTools ? DiagnosticTools.all : [],
            vocabulary: CommandLineVocabulary(),
            audit: auditSink(settings: settings, redactor: redactor, logger: logger),
            safety: settings.safety.configuration, redactor: redactor, logger: logger)
        return Services(dispatcher: dispatcher, taskExecutor: taskExecutor)
    }

    /// The machine-wide count of Zoho requests, in the state directory of the safety checks.
    static func usageMeter(settings: ServerSettings, logger: Logger) -> APIUsageMeter {
        APIUsageMeter(
            path: APIUsageMeter.path(stateDirectory: settings.safety.stateDirectory, sandbox: settings.sandbox),
            configuredLimits: settings.limits, limitsEnforced: !settings.sandbox, logger: logger)
    }

    /// The audit log named by the settings, or none when it is off.
    static func auditSink(settings: ServerSettings, redactor: SecretRedactor, logger: Logger) -> any AuditSink {
        guard let path = settings.safety.auditLogPath else { return DiscardingAuditSink() }
        let file =
            settings.safety.auditRotationBytes.map { AuditLogFile(path: path, rotationBytes: $0) }
            ?? AuditLogFile(path: path)
        return FileAuditSink(file: file, redactor: redactor, logger: logger)
    }

    /// The credentials this run knows, for stderr, results and the audit log to leave out. Filled by
    /// ``makeServices(settings:logger:)`` from the environment and the token file; access tokens join as the token
    /// source hands them out. One per process because the log handlers, made before any settings exist, share it.
    static let secrets = SecretRedactor()

    /// The credentials in the environment and in the token file.
    static func knownSecrets(settings: ServerSettings) -> [String] {
        var secrets: [String] = []
        if let credentials = settings.bootstrapCredentials {
            secrets += [credentials.clientSecret, credentials.refreshToken]
        }
        if let data = FileManager.default.contents(atPath: settings.tokenFile),
            let file = try? JSONParser.parse(data)
        {
            for key in ["client_secret", "refresh_token", "access_token"] {
                if let value = file[key]?.stringValue { secrets.append(value) }
            }
        }
        return secrets
    }

    /// Says on stderr, once at start, that destructive tools run without confirmation.
    static func announceSafety(settings: ServerSettings) {
        guard !settings.safety.confirmation else { return }
        let destructive = settings.selection.access == .destructive
        StandardError.emit(
            "zoho-billing-mcp: confirmation is off (ZOHO_MCP_CONFIRM=off): destructive tools run without a "
                + "preview or a question\(destructive ? "" : " once the access level allows them").\n")
    }

    /// Sends every log line to stderr: stdout carries only protocol messages.
    static func bootstrapLogging(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return RedactingLogHandler(base: handler, redactor: Runtime.secrets)
        }
        var logger = Logger(label: "zoho-billing-mcp")
        logger.logLevel = level
        return logger
    }
}
