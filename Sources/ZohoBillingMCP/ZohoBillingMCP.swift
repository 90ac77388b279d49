import ArgumentParser
import CurlHTTP

/// The zoho-billing-mcp command: an MCP server for Zoho Billing, and the tools to inspect and run it by hand.
@main
struct ZohoBillingMCP: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "zoho-billing-mcp",
        abstract: "Serve Zoho Billing to AI agents over the Model Context Protocol.",
        discussion: """
            Without a subcommand it serves MCP on stdin/stdout, which is how Claude Desktop, Claude Code and \
            Cursor launch it. Every setting has a flag and an environment variable; the flag wins: \
            `zoho-billing-mcp serve --help` lists them all.

            Getting started: `call list_invoices --sandbox` (no account needed), then `auth login`, \
            `setup claude-desktop` and `doctor`.
            """,
        version: version,
        subcommands: [Serve.self, Tools.self, Call.self, Logs.self, Auth.self, Doctor.self, Setup.self],
        defaultSubcommand: Serve.self
    )
}
