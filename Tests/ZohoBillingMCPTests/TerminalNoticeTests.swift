import Foundation
import TestSupport
import Testing

/// A bare `zoho-billing-mcp` typed into a terminal explains itself; one started by a client over pipes does not.
@Suite struct TerminalNoticeTests {
    @Test(
        "In a terminal, serve says it waits for an MCP client and how to try it",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func terminalNotice() async throws {
        #if os(Linux)
            // util-linux `script` runs the binary on a pseudo-terminal; its stdin here is closed, so the server
            // reads end of file and exits.
            let run = try await BinaryRun.run(
                ["-qec", ServerProcess.binaryURL.path + " --sandbox", "/dev/null"], executable: "/usr/bin/script")
            #expect(run.status == 0)
            #expect(run.stdout.contains("waiting for an MCP client"), "\(run.stdout)")
            #expect(run.stdout.contains("call list_invoices --sandbox"))
        #endif
    }

    @Test("Over pipes, as clients start it, serve prints nothing but protocol messages")
    func noNoticeOverPipes() async throws {
        let server = try ServerProcess(arguments: ["serve", "--sandbox"], environment: [:])
        _ = try await server.initialize()
        server.closeInput()
        #expect(await server.waitForExit(timeout: 10) == 0)
        #expect(!server.stderrText.contains("waiting for an MCP client"))
    }
}
