import CurlHTTP
import Foundation
import TestSupport
import Testing

/// Answers no honest server sends: oversized and inflating bodies, bodies shorter than announced, resets, trickles.
@Suite struct HostileResponseTests {
    private let transport = CurlHTTPTransport()

    private static func head(_ fields: String) -> Data {
        Data("HTTP/1.1 200 OK\r\n\(fields)\r\n".utf8)
    }

    @Test("A body larger than the limit stops the transfer, announced or not")
    func oversizedBody() async throws {
        let body = Data(repeating: UInt8(ascii: "a"), count: 3 << 20)
        for announced in [true, false] {
            let head =
                announced
                ? Self.head("Content-Length: \(body.count)\r\n") : Self.head("Connection: close\r\n")
            let server = try ScriptedHTTPServer(script: [.send(head), .send(body)])
            defer { server.stop() }
            let request = HTTPRequest(method: .get, url: server.url("/big"), maximumResponseBytes: 1 << 20)
            let error = await #expect(throws: CurlError.self) { try await transport.send(request) }
            #expect(error?.kind == .responseTooLarge)
            #expect(error?.description.contains("larger than the 1 MiB allowed") == true)
        }
    }

    @Test("A gzip bomb is stopped at the limit of decoded bytes, not inflated in full")
    func gzipBomb() async throws {
        let compress = Process()
        compress.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compress.arguments = [
            "python3", "-c", "import gzip, sys; sys.stdout.buffer.write(gzip.compress(bytes(256 << 20), 9))",
        ]
        let pipe = Pipe()
        compress.standardOutput = pipe
        try compress.run()
        let bomb = pipe.fileHandleForReading.readDataToEndOfFile()
        compress.waitUntilExit()
        #expect(bomb.count < 1 << 20, "256 MiB of zeros compress to well under a megabyte")
        let server = try ScriptedHTTPServer(script: [
            .send(Self.head("Content-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n")), .send(bomb),
        ])
        defer { server.stop() }
        let request = HTTPRequest(method: .get, url: server.url("/bomb"), maximumResponseBytes: 4 << 20)
        let error = await #expect(throws: CurlError.self) { try await transport.send(request) }
        #expect(error?.kind == .responseTooLarge)
    }

    @Test("A Content-Length longer than the body, or a reset mid-body, is a lost connection")
    func truncatedBodies() async throws {
        let scripts: [[ScriptedHTTPServer.Step]] = [
            [.send(Self.head("Content-Length: 100\r\n")), .send(Data("{\"code\":0".utf8))],
            [.send(Self.head("Content-Length: 100\r\n")), .send(Data("{\"code\":0".utf8)), .reset],
        ]
        for script in scripts {
            let server = try ScriptedHTTPServer(script: script)
            defer { server.stop() }
            let error = await #expect(throws: CurlError.self) {
                try await transport.send(HTTPRequest(method: .get, url: server.url("/short")))
            }
            #expect(error?.kind == .connectionLost)
        }
    }

    @Test("A trickle or an answer that never ends is bounded by the total timeout")
    func trickleIsBounded() async throws {
        var trickle: [ScriptedHTTPServer.Step] = [.send(Self.head("Content-Length: 1000\r\n"))]
        for _ in 0..<1000 { trickle += [.send(Data("a".utf8)), .pause(.milliseconds(200))] }
        for script in [trickle, [.send(Self.head("Content-Length: 10\r\n")), .hang]] {
            let server = try ScriptedHTTPServer(script: script)
            defer { server.stop() }
            let started = ContinuousClock.now
            let error = await #expect(throws: CurlError.self) {
                try await transport.send(HTTPRequest(method: .get, url: server.url("/slow"), timeout: 1))
            }
            #expect(error?.kind == .timedOut)
            // The trickle alone would take over three minutes; the margin is for a machine loaded by the rest of
            // the suite running in parallel.
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }
}
