import CurlHTTP
import Foundation
import TestSupport
import ZohoEmulator
import ZohoFakeServer

/// The built binary run once to completion, as a person runs a terminal command.
struct BinaryRun {
    var status: Int32?
    var stdout: String
    var stderr: String

    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60) async throws
        -> BinaryRun
    {
        let process = try ServerProcess(arguments: arguments, environment: environment)
        process.closeInput()
        let status = await process.waitForExit(timeout: timeout)
        process.terminate()
        return BinaryRun(status: status, stdout: process.stdoutText, stderr: process.stderrText)
    }

    /// Runs another program (one that wraps the binary) with stdin closed.
    static func run(_ arguments: [String], executable: String, timeout: Double = 60) async throws -> BinaryRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let deadline = ContinuousClock.now + .seconds(timeout)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return BinaryRun(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

extension ServerProcess {
    /// Waits until stderr holds a line containing `marker` and returns that line.
    func stderrLine(containing marker: String, timeout: Double = 30) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if let line = stderrText.split(separator: "\n").first(where: { $0.contains(marker) }) {
                return String(line)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no stderr line containing \(marker) within \(timeout) s; stderr: \(stderrText)")
    }
}

extension TestEnvironment {
    /// Settings for sign-in commands: the fake's hosts and this test's token file, no credentials, and the client
    /// secret in the environment (the way a script supplies it).
    func signInEnvironment(extra: [String: String] = [:]) -> [String: String] {
        environment(
            credentials: false,
            extra: ["ZOHO_CLIENT_SECRET": TestEnvironment.clientSecret].merging(extra) { _, new in new })
    }

    /// The token file, parsed.
    func tokenFileObject() throws -> [String: Any] {
        let data = try Data(contentsOf: tokenFile)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Signs in through the binary with a Self Client code the fake accepts.
    func signInWithCode(scopes: [String]? = nil, extra: [String: String] = [:]) async throws -> BinaryRun {
        let code = "1000.selfclient-\(UUID().uuidString)"
        if let scopes {
            emulator.registerAuthorizationCode(code, scopes: scopes)
        } else {
            emulator.registerAuthorizationCode(code)
        }
        return try await BinaryRun.run(
            ["auth", "login", "--code", code, "--client-id", TestEnvironment.clientID],
            environment: signInEnvironment(extra: extra))
    }
}

/// A plain HTTP client for tests that play the browser: libcurl, which returns redirects instead of following them.
enum Browser {
    static func get(_ url: String) async throws -> HTTPResponse {
        try await CurlHTTPTransport().send(HTTPRequest(method: .get, url: URL(string: url)!, timeout: 10))
    }
}
