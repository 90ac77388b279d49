import Foundation
import TestSupport
import Synchronization
import Testing
import ZohoEmulator
import ZohoFakeServer

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

/// The client-secret prompt on a real terminal.
@Suite struct SecretPromptTests {
    @Test(
        "In a terminal, auth login asks for the client secret without echoing it",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func promptWithoutEcho() async throws {
        #if os(Linux)
            let environment = try await TestEnvironment.start()
            defer { Task { await environment.stop() } }
            environment.emulator.registerAuthorizationCode("1000.typed")
            let settings = environment.environment(credentials: false)
            let command =
                settings.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ") + " "
                + ServerProcess.binaryURL.path + " auth login --code 1000.typed --client-id " + TestEnvironment.clientID
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": environment.directory.path]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            // Raw bytes, not lines: the prompt waits on a line of its own without a line break.
            let received = Mutex(Data())
            output.fileHandleForReading.readabilityHandler = { handle in
                let chunk = handle.availableData
                received.withLock { $0.append(chunk) }
            }
            try process.run()
            func text() -> String { received.withLock { String(decoding: $0, as: UTF8.self) } }
            // Typed only once the prompt is up: turning echo off discards input that arrived earlier.
            let deadline = ContinuousClock.now + .seconds(30)
            while !text().contains("Client secret for"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            input.fileHandleForWriting.write(Data((TestEnvironment.clientSecret + "\n").utf8))
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            try await Task.sleep(for: .milliseconds(100))
            output.fileHandleForReading.readabilityHandler = nil
            let shown = text()
            #expect(process.terminationStatus == 0, "\(shown)")
            #expect(shown.contains("Signed in."))
            #expect(!shown.contains(TestEnvironment.clientSecret), "the typed secret was not echoed")
            #expect(try environment.tokenFileObject()["client_secret"] as? String == TestEnvironment.clientSecret)
        #endif
    }
}
