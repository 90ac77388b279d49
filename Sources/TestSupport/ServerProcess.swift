public import Foundation
public import JSONCore

/// The built `zoho-billing-mcp` binary run as a child process over real pipes, as an MCP client runs it.
public final class ServerProcess: Sendable {
    /// Where `swift build` put the executable (the test bundle sits beside it); `ZOHO_MCP_BINARY` overrides it.
    ///
    /// The last resort counts folders up from this source file, `Sources/TestSupport/ServerProcess.swift`, to the
    /// package root; moving the file to another depth means changing that count.
    public static let binaryURL: URL = {
        if let override = ProcessInfo.processInfo.environment["ZOHO_MCP_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appending(path: "zoho-billing-mcp")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appending(path: ".build/debug/zoho-billing-mcp")
    }()

    private let process: Process
    private let input: FileHandle
    private let stdoutLines = LineCollector()
    private let stderrLines = LineCollector()

    /// Starts the binary with exactly `environment` (plus PATH and HOME), so the developer's own settings never leak in.
    public init(arguments: [String] = ["serve"], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = ServerProcess.binaryURL
        process.arguments = arguments
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        if env["HOME"] == nil { env["HOME"] = FileManager.default.temporaryDirectory.path }
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        self.process = process
        self.input = stdin.fileHandleForWriting
        stdoutLines.start(reading: stdout.fileHandleForReading)
        stderrLines.start(reading: stderr.fileHandleForReading)
    }

    /// Writes one line (a newline is added).
    public func send(_ line: String) {
        input.write(Data((line + "\n").utf8))
    }

    /// Writes raw bytes as one line (a newline is added), for input that is not valid UTF-8.
    public func sendBytes(_ line: [UInt8]) {
        input.write(Data(line + [0x0A]))
    }

    /// Writes one message as a line of compact JSON.
    public func send(_ message: JSONValue) {
        send(message.serialized())
    }

    /// Sends a request and waits for the answer with the same id, skipping notifications.
    @discardableResult
    public func request(_ method: String, params: JSONValue? = nil, id: Int, timeout: Double = 20) async throws
        -> JSONValue
    {
        var message: JSONValue = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
        if let params, case .object(var members) = message {
            members["params"] = params
            message = .object(members)
        }
        send(message)
        while true {
            let answer = try await nextMessage(timeout: timeout)
            if answer["id"] == .int(id) { return answer }
        }
    }

    /// Sends `initialize` for `version`, then `notifications/initialized`, and returns the initialize answer.
    public func initialize(version: String = "2025-11-25") async throws -> JSONValue {
        let answer = try await request(
            "initialize",
            params: [
                "protocolVersion": .string(version), "capabilities": [:],
                "clientInfo": ["name": "tests", "version": "1"],
            ], id: 0)
        send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        return answer
    }

    /// Calls a tool and returns the `result` object.
    public func callTool(_ name: String, _ arguments: JSONValue = [:], id: Int) async throws -> JSONValue {
        let answer = try await request("tools/call", params: ["name": .string(name), "arguments": arguments], id: id)
        guard let result = answer["result"] else {
            throw TestFailure("tools/call \(name) answered with an error: \(answer.serialized())")
        }
        return result
    }

    /// The next line on stdout, parsed; every stdout line must be JSON.
    public func nextMessage(timeout: Double = 20) async throws -> JSONValue {
        guard let line = await stdoutLines.next(timeout: timeout) else {
            throw TestFailure("no message on stdout within \(timeout) s; stderr: \(stderrText)")
        }
        do {
            return try JSONParser.parse(line)
        } catch {
            throw TestFailure("stdout carried a line that is not JSON: \(line)")
        }
    }

    /// Closes the child's stdin, which a stdio server reads as the end of the session.
    public func closeInput() {
        try? input.close()
    }

    /// Waits for the process to end; nil when it is still running after `timeout` seconds.
    public func waitForExit(timeout: Double) async -> Int32? {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
        await stdoutLines.waitUntilClosed()
        await stderrLines.waitUntilClosed()
        return process.terminationStatus
    }

    /// Sends SIGTERM if the process is still running.
    public func terminate() {
        if process.isRunning { process.terminate() }
    }

    /// Sends `signal` (SIGINT, SIGTERM, ...) if the process is still running.
    public func send(signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// What the process has written to stdout so far, its lines joined with newlines.
    public var stdoutText: String { stdoutLines.all.joined(separator: "\n") }
    /// What the process has written to stderr so far, its lines joined with newlines.
    public var stderrText: String { stderrLines.all.joined(separator: "\n") }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
