import ArgumentParser
import CurlHTTP
import Logging
import MCPServer
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

        func run() async throws {
            let settings = try options.settings()
            let logger = Runtime.bootstrapLogging(level: settings.logLevel)
            // A client that goes away must not kill us with SIGPIPE in the middle of a write.
            signal(SIGPIPE, SIG_IGN)
            let services = Runtime.makeServices(settings: settings, logger: logger)
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
            logger.info(
                "Serving", metadata: ["tools": "\(dispatcher.exposedTools.count)", "sandbox": "\(settings.sandbox)"])
            await transport.run(server)
        }
    }
}
