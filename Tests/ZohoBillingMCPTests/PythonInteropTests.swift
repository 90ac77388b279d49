import Foundation
import TestSupport
import Testing

/// The official MCP Python SDK client (PyPI `mcp`, both protocol eras) driving the built binary over stdio, in
/// `legacy`, `auto` and `2026-07-28` modes: listing tools, sandbox calls, progress, cancellation, and answering
/// questions through elicitation (legacy) or input-required results (modern). The checks live in
/// `Tests/Interop/interop.py`; `Tests/Interop/setup-venv.sh` provides the SDK in `.build/interop-venv`.
@Suite struct PythonInteropTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs a command to completion and returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = repository
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test("The official Python SDK client interoperates in legacy, auto and 2026-07-28 modes")
    func pythonSDK() throws {
        let setup = try Self.run(
            "/usr/bin/env", ["bash", Self.repository.appending(path: "Tests/Interop/setup-venv.sh").path])
        try #require(setup.status == 0, "setting up the MCP Python SDK failed:\n\(setup.output)")
        let python = try #require(
            setup.output.split(separator: "\n").last.map(String.init), "setup-venv.sh printed no python path")
        let interop = try Self.run(
            python,
            [
                Self.repository.appending(path: "Tests/Interop/interop.py").path, "--binary",
                ServerProcess.binaryURL.path, "--mode", "all",
            ])
        #expect(interop.status == 0, "interop.py failed:\n\(interop.output)")
        for mode in ["legacy", "auto", "2026-07-28"] {
            #expect(interop.output.contains("\(mode): "), "no result line for \(mode):\n\(interop.output)")
        }
    }
}
