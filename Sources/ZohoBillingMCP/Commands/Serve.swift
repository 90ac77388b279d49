import ArgumentParser
import CurlHTTP
import Logging
import MCPServer
import PlatformSupport
import ZohoBillingTools

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ZohoBillingMCP {
    /// Serves MCP on stdin/stdout until the client closes stdin.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve MCP on stdin and stdout (the default).")

        @OptionGroup var options: GlobalOptions

        /// What someone who runs the bare command in a terminal sees, instead of a silent wait.
        static let terminalNotice = """
            zoho-billing-mcp is waiting for an MCP client on stdin; Claude Desktop, Claude Code and Cursor start it \
            themselves (`zoho-billing-mcp setup --help` connects one). To try it by hand instead:
              zoho-billing-mcp call list_invoices --sandbox
            Press Ctrl-D to quit.

            """

        func run() async throws {
            let settings = try options.settings()
            let logger = Runtime.bootstrapLogging(level: settings.logLevel)
            if Terminal.isTerminal(0) { StandardError.emit(Self.terminalNotice) }
            if !settings.sandbox { await ScopeWarning.emitIfNeeded(settings: settings, logger: logger) }
            // A client that goes away must not kill us with SIGPIPE in the middle of a write.
            signal(SIGPIPE, SIG_IGN)
            let services = try Runtime.makeServices(settings: settings, logger: logger)
            let dispatcher = services.dispatcher
            let transport = StdioTransport(logger: logger)
            let server = MCPServer(
                server: ServerDescription(
                    name: "zoho-billing-mcp", version: ZohoBillingMCP.version,
                    title: settings.profile.displayName + (settings.sandbox ? " (sandbox)" : ""),
                    instructions: ServerInstructions.text(
                        profile: settings.profile, access: settings.selection.access, sandbox: settings.sandbox)),
                tools: MCPToolBridge(dispatcher: dispatcher),
                prompts: BillingPrompts(dispatcher: dispatcher),
                output: transport.writer,
                taskExecutor: services.taskExecutor,
                logger: logger)
            TerminationSignals.install { [logger] signal in
                logger.warning(
                    "\(signal == SIGINT ? "SIGINT" : "SIGTERM") received: finishing the requests in flight, then exiting",
                    metadata: ["requests": "\(server.inFlightCount)"])
                transport.stop()
            }
            logger.info(
                "Serving", metadata: ["tools": "\(dispatcher.exposedTools.count)", "sandbox": "\(settings.sandbox)"])
            await transport.run(server)
            dispatcher.client.usage?.flush()
        }
    }
}
