import ArgumentParser
import CurlHTTP
import Foundation
import JSONCore
import Logging
import MCP
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

        /// Kept for side-by-side benchmarks of the SDK's polling transport against ours.
        @Option(help: .hidden)
        var stdioTransport: StdioTransportKind = .lines

        enum StdioTransportKind: String, ExpressibleByArgument {
            case lines
            case sdk
        }

        func run() async throws {
            let settings = try options.settings()
            let logger = Runtime.bootstrapLogging(level: settings.logLevel)
            // A client that goes away must not kill us with SIGPIPE in the middle of a write.
            signal(SIGPIPE, SIG_IGN)
            CurlGlobal.initialize()
            let dispatcher = Runtime.makeDispatcher(settings: settings, logger: logger)
            let server = MCPServerFactory.make(dispatcher: dispatcher, sandbox: settings.sandbox)
            await MCPServerFactory.registerHandlers(on: server, dispatcher: dispatcher)
            let transport: any Transport =
                switch stdioTransport {
                case .lines: LineTransport(fastPath: ToolFastPath(dispatcher: dispatcher), logger: logger)
                case .sdk: StdioTransport(logger: logger)
                }
            try await server.start(transport: transport)
            logger.info(
                "Serving", metadata: ["tools": "\(dispatcher.exposedTools.count)", "sandbox": "\(settings.sandbox)"])
            await server.waitUntilCompleted()
            await server.stop()
        }
    }
}

/// Builds the MCP server and connects its handlers to the dispatcher.
enum MCPServerFactory {
    static func make(dispatcher: ToolDispatcher, sandbox: Bool) -> Server {
        Server(
            name: "zoho-billing-mcp",
            version: ZohoBillingMCP.version,
            title: sandbox ? "Zoho Billing (sandbox)" : "Zoho Billing",
            instructions: instructions(access: dispatcher.selection.access, sandbox: sandbox),
            capabilities: Server.Capabilities(tools: .init(listChanged: false))
        )
    }

    static func registerHandlers(on server: Server, dispatcher: ToolDispatcher) async {
        let tools = dispatcher.exposedTools.map(ToolAdapter.tool)
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: tools)
        }
        await server.withMethodHandler(CallTool.self) { params in
            let arguments = params.arguments.map { JSONValue.object($0.mapValues(ValueBridge.json(from:))) }
            switch await dispatcher.call(params.name, arguments: arguments) {
            case .unknownTool(let name):
                throw MCPError.invalidParams("Unknown tool '\(name)'. Call tools/list to see the available tools.")
            case .outcome(let outcome):
                return ToolAdapter.result(outcome)
            }
        }
    }

    static func instructions(access: AccessLevel, sandbox: Bool) -> String {
        var text = """
            Zoho Billing tools. Ids are digit strings; dates are yyyy-mm-dd; amounts are plain numbers in the \
            organization's currency. If the user has several organizations, call list_organizations and pass \
            organization_id. List tools return one page (per_page 25 by default) and say when more pages exist.
            """
        switch access {
        case .read: text += " This server is read-only; changes need the user to raise ZOHO_MCP_ACCESS."
        case .write:
            text += " Reversible changes are allowed; destructive actions (voids, deletes, emails, charges) are not."
        case .destructive:
            text += " Destructive actions are allowed: confirm amounts and recipients with the user first."
        }
        if sandbox { text += " This is a sandbox organization with made-up data; nothing reaches Zoho." }
        return text
    }
}
