import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The terminal commands of the built binary.
@Suite struct CommandLineTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32?, stdout: String, stderr: String
    ) {
        let process = try ServerProcess(arguments: arguments, environment: environment)
        process.closeInput()
        let status = await process.waitForExit(timeout: 30)
        return (status, process.stdoutText, process.stderrText)
    }

    @Test("--version prints the version and --help lists the commands")
    func versionAndHelp() async throws {
        let version = try await run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try await run(["--help"])
        #expect(help.status == 0)
        for command in ["serve", "tools", "call", "auth", "doctor", "setup"] { #expect(help.stdout.contains(command)) }
        #expect(help.stdout.contains("serve --help"), "the top-level help points at the settings")
        let serveHelp = try await run(["serve", "--help"])
        #expect(serveHelp.stdout.contains("ZOHO_MCP_ACCESS"))
    }

    @Test("tools list shows the read tools by default and every tool with --all")
    func toolsList() async throws {
        let defaults = try await run(["tools", "list"])
        #expect(defaults.status == 0)
        #expect(defaults.stdout.contains("list_invoices"))
        #expect(!defaults.stdout.contains("void_invoice"))
        let all = try await run(["tools", "list", "--all"])
        #expect(all.stdout.contains("void_invoice"))
        let json = try await run(["tools", "list", "--json", "--access", "full"])
        let parsed = try JSONParser.parse(json.stdout)
        #expect(parsed.arrayValue?.contains { $0["name"] == "void_invoice" } == true)
        let show = try await run(["tools", "show", "list_invoices"])
        #expect(try JSONParser.parse(show.stdout)["request"] == "GET /invoices")
    }

    @Test("Bad settings fail with a message that names the setting")
    func badSettings() async throws {
        let result = try await run(["tools", "list"], environment: ["ZOHO_MCP_ACCESS": "admin"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Unknown access level 'admin'"))
        let insecure = try await run(
            ["tools", "list"], environment: ["ZOHO_API_BASE_URL": "http://zoho.example.com/billing/v1"])
        #expect(insecure.status != 0)
        #expect(insecure.stderr.contains("https://"))
        let lookalike = try await run(
            ["tools", "list"], environment: ["ZOHO_ACCOUNTS_URL": "http://127.0.0.1.example.com"])
        #expect(lookalike.status != 0, "a host that only starts like a loopback address is not one")
        let partial = try await run(["tools", "list"], environment: ["ZOHO_CLIENT_ID": "1000.ABC"])
        #expect(partial.status != 0)
        #expect(partial.stderr.contains("ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN are not set"))
    }

    @Test("call runs a tool against Zoho and prints its result")
    func call() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let result = try await run(
            ["call", "list_invoices", "--arguments", #"{"status":"paid","per_page":1}"#],
            environment: environment.environment())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("1 paid invoice on page 1."), "\(result.stdout)")
        let failed = try await run(
            ["call", "get_invoice", "--arguments", #"{"invoice_id":"1"}"#], environment: environment.environment())
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("HTTP 404"))
        try environment.assertNoSecrets(in: [result.stdout, result.stderr, failed.stdout, failed.stderr])
    }

    @Test("The sandbox answers without an account or network")
    func sandbox() async throws {
        let result = try await run(["call", "list_customers", "--sandbox", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let parsed = try JSONParser.parse(result.stdout)
        #expect((parsed["customers"]?.arrayValue?.count ?? 0) > 0)
    }
}
