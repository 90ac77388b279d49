import Foundation
import JSONCore
import TestSupport
import Testing

/// Both protocol eras, progress, cancellation, questions to the person and frame safety, through the built binary
/// over real pipes, with raw JSON-RPC so that every byte on the wire is checked.
@Suite struct ProtocolEraTests {
    /// The 2026-07-28 request envelope.
    static func envelope(
        version: String = "2026-07-28", capabilities: JSONValue = [:], progressToken: JSONValue? = nil
    ) -> JSONValue {
        var meta: [String: JSONValue] = [
            "io.modelcontextprotocol/protocolVersion": .string(version),
            "io.modelcontextprotocol/clientCapabilities": capabilities,
            "io.modelcontextprotocol/clientInfo": ["name": "era-tests", "version": "1"],
        ]
        if let progressToken { meta["progressToken"] = progressToken }
        return .object(meta)
    }

    /// The sandbox with the diagnostic tools, no account and no network.
    static func sandbox(toolsets: String = "default") throws -> ServerProcess {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-era-\(UUID().uuidString)")
        return try ServerProcess(
            environment: [
                "ZOHO_MCP_SANDBOX": "1", "ZOHO_MCP_DIAGNOSTIC_TOOLS": "1", "ZOHO_MCP_TOOLSETS": toolsets,
                "ZOHO_TOKEN_FILE": directory.appending(path: "tokens.json").path, "HOME": directory.path,
            ])
    }

    static func modernCall(_ name: String, _ arguments: JSONValue, meta: JSONValue = envelope()) -> JSONValue {
        ["name": .string(name), "arguments": arguments, "_meta": meta]
    }

    @Test("A 2026-07-28 client needs no handshake: discover, lists with cache hints, calls with resultType")
    func modernEra() async throws {
        let server = try Self.sandbox()
        let discover = try await server.request("server/discover", params: ["_meta": Self.envelope()], id: 1)
        let result = try #require(discover["result"])
        #expect(result["supportedVersions"] == ["2026-07-28"])
        #expect(result["resultType"] == "complete")
        #expect(result["capabilities"]?["tools"] != nil)
        #expect(result["ttlMs"]?.numberValue != nil && result["cacheScope"] == "private")
        #expect(result["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "zoho-billing-mcp")

        let list = try await server.request("tools/list", params: ["_meta": Self.envelope()], id: 2)
        #expect((list["result"]?["tools"]?.arrayValue?.count ?? 0) > 10)
        #expect(list["result"]?["ttlMs"]?.numberValue != nil)
        #expect(list["result"]?["cacheScope"] == "private")
        #expect(list["result"]?["resultType"] == "complete")

        let call = try await server.request(
            "tools/call", params: Self.modernCall("list_invoices", ["status": "overdue"]), id: 3)
        #expect(call["result"]?["resultType"] == "complete")
        #expect(call["result"]?["isError"] == false)
        #expect(call["result"]?["structuredContent"]?["invoices"]?.arrayValue != nil)

        let prompts = try await server.request("prompts/list", params: ["_meta": Self.envelope()], id: 4)
        #expect(prompts["result"]?["prompts"]?.arrayValue?.count == 5)

        let unsupported = try await server.request(
            "tools/list", params: ["_meta": Self.envelope(version: "2099-01-01")], id: 5)
        #expect(unsupported["error"]?["code"] == -32022)
        #expect(unsupported["error"]?["data"]?["requested"] == "2099-01-01")
        let supported = unsupported["error"]?["data"]?["supported"]?.arrayValue ?? []
        #expect(supported.contains("2026-07-28") && supported.contains("2025-11-25"))

        let ping = try await server.request("ping", params: ["_meta": Self.envelope()], id: 6)
        #expect(ping["error"]?["code"] == -32601, "ping is gone in 2026-07-28")

        let noCapabilities = try await server.request(
            "tools/list", params: ["_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28"]], id: 7)
        #expect(noCapabilities["error"]?["code"] == -32602)

        // initialize still opens a legacy session; from then on the process is legacy.
        let initialize = try await server.initialize(version: "2025-06-18")
        #expect(initialize["result"]?["protocolVersion"] == "2025-06-18")
        let afterwards = try await server.request("tools/list", params: ["_meta": Self.envelope()], id: 8)
        #expect(afterwards["error"]?["code"] == -32600)
        let legacyList = try await server.request("tools/list", id: 9)
        #expect(legacyList["result"]?["ttlMs"] == nil && legacyList["result"]?["resultType"] == nil)
        server.closeInput()
        #expect(await server.waitForExit(timeout: 10) == 0)
    }

    @Test(
        "Legacy era: the server asks with elicitation/create and acts on accept, decline and cancel",
        arguments: [
            (#"{"action":"accept","content":{"confirm":true}}"#, "accept", true),
            (#"{"action":"accept","content":{"confirm":false}}"#, "decline", false),
            (#"{"action":"decline"}"#, "decline", false),
            (#"{"action":"cancel"}"#, "cancel", false),
        ])
    func legacyElicitation(answer: String, expected: String, confirmed: Bool) async throws {
        let server = try Self.sandbox()
        _ = try await server.request(
            "initialize",
            params: [
                "protocolVersion": "2025-11-25", "capabilities": ["elicitation": ["form": [:]]],
                "clientInfo": ["name": "tests", "version": "1"],
            ], id: 0)
        server.send(
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"diagnostic_confirm","arguments":{"question":"Void INV-1?"}}}"#
        )
        let question = try await server.nextMessage()
        #expect(question["method"] == "elicitation/create")
        #expect(question["params"]?["message"] == "Void INV-1?")
        #expect(question["params"]?["mode"] == "form")
        #expect(question["params"]?["requestedSchema"]?["properties"]?["confirm"]?["type"] == "boolean")
        let questionID = try #require(question["id"])
        server.send(#"{"jsonrpc":"2.0","id":\#(questionID.serialized()),"result":\#(answer)}"#)
        let result = try await server.nextMessage()
        #expect(result["id"] == 1)
        #expect(result["result"]?["structuredContent"]?["answer"] == .string(expected))
        #expect(result["result"]?["structuredContent"]?["confirmed"] == .bool(confirmed))
    }

    @Test("Legacy era: a client without elicitation, or at a revision without it, is never asked")
    func legacyWithoutElicitation() async throws {
        for (version, capabilities) in [("2025-11-25", [:] as JSONValue), ("2025-03-26", ["elicitation": [:]])] {
            let server = try Self.sandbox()
            _ = try await server.request(
                "initialize",
                params: [
                    "protocolVersion": .string(version), "capabilities": capabilities,
                    "clientInfo": ["name": "tests", "version": "1"],
                ], id: 0)
            let result = try await server.callTool("diagnostic_confirm", ["question": "Go?"], id: 1)
            #expect(result["structuredContent"]?["answer"] == "unavailable", "\(version)")
            server.closeInput()
        }
    }

    @Test("Modern era: input_required, then the retry with the answer completes; request state is single use")
    func modernInputRequired() async throws {
        let server = try Self.sandbox()
        let meta = Self.envelope(capabilities: ["elicitation": [:]])
        let arguments: JSONValue = ["question": "Refund 19.99?"]
        let first = try await server.request(
            "tools/call", params: Self.modernCall("diagnostic_confirm", arguments, meta: meta), id: 1)
        let required = try #require(first["result"])
        #expect(required["resultType"] == "input_required")
        #expect(required["inputRequests"]?["confirm"]?["method"] == "elicitation/create")
        #expect(required["inputRequests"]?["confirm"]?["params"]?["message"] == "Refund 19.99?")
        let state = try #require(required["requestState"])

        func retry(_ state: JSONValue, arguments: JSONValue, id: Int) async throws -> JSONValue {
            var params = Self.modernCall("diagnostic_confirm", arguments, meta: meta).objectValue ?? [:]
            params["inputResponses"] = ["confirm": ["action": "accept", "content": ["confirm": true]]]
            params["requestState"] = state
            return try await server.request("tools/call", params: .object(params), id: id)
        }
        let done = try await retry(state, arguments: arguments, id: 2)
        #expect(done["result"]?["resultType"] == "complete")
        #expect(done["result"]?["structuredContent"] == ["answer": "accept", "confirmed": true])

        // The same state again, or a state with changed arguments, is not an answer: the person is asked again.
        let replay = try await retry(state, arguments: arguments, id: 3)
        #expect(replay["result"]?["resultType"] == "input_required")
        let fresh = try #require(replay["result"]?["requestState"])
        let changed = try await retry(fresh, arguments: ["question": "Refund 1999.00?"], id: 4)
        #expect(changed["result"]?["resultType"] == "input_required")
        let forged = try await retry("rs-made-up", arguments: arguments, id: 5)
        #expect(forged["result"]?["resultType"] == "input_required")

        // A client that declares no elicitation is never sent an input request.
        let plain = try await server.request(
            "tools/call", params: Self.modernCall("diagnostic_confirm", arguments), id: 6)
        #expect(plain["result"]?["structuredContent"]?["answer"] == "unavailable")
    }

    @Test("Progress notifications follow the token, in both eras, and stop before the answer")
    func progress() async throws {
        let server = try Self.sandbox()
        for (id, meta) in [(1, Self.envelope(progressToken: "modern-1")), (2, ["progressToken": 77] as JSONValue)] {
            var params = Self.modernCall("diagnostic_progress", ["steps": 4, "delay_ms": 5], meta: meta)
            if case .object(var members) = params {
                members["_meta"] = meta
                params = .object(members)
            }
            server.send(["jsonrpc": "2.0", "id": .int(id), "method": "tools/call", "params": params])
            var seen: [Int] = []
            while true {
                let message = try await server.nextMessage()
                if message["method"] == "notifications/progress" {
                    #expect(message["params"]?["progressToken"] == meta["progressToken"])
                    #expect(message["params"]?["total"] == 4)
                    seen.append(message["params"]?["progress"]?.numberValue?.intValue ?? -1)
                    continue
                }
                #expect(message["id"] == .int(id))
                #expect(message["result"]?["structuredContent"]?["steps"] == 4)
                break
            }
            #expect(seen == [1, 2, 3, 4])
        }
    }

    @Test("A cancelled call stops at once, gets no answer, and sends no more progress")
    func cancellationStopsProgress() async throws {
        let server = try Self.sandbox()
        _ = try await server.initialize()
        server.send(
            #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"diagnostic_progress","arguments":{"steps":1000,"delay_ms":20},"_meta":{"progressToken":"p"}}}"#
        )
        for _ in 1...3 {
            let message = try await server.nextMessage()
            #expect(message["method"] == "notifications/progress")
        }
        server.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}}"#)
        // The ping's answer follows anything the cancelled call sent before the cancel was read.
        _ = try await server.request("ping", id: 6)
        func progressLines() -> Int {
            server.stdoutText.split(separator: "\n").filter { $0.contains("notifications/progress") }.count
        }
        let settled = progressLines()
        try await Task.sleep(for: .milliseconds(300))
        _ = try await server.request("ping", id: 7)
        #expect(progressLines() == settled, "no progress after the cancel")
        #expect(settled < 100, "the call stopped soon after the cancel (saw \(settled) progress lines)")
        let answered = server.stdoutText.split(separator: "\n").contains {
            (try? JSONParser.parse(String($0)))?["id"] == 5
        }
        #expect(!answered, "a cancelled request gets no response")
        server.closeInput()
        #expect(await server.waitForExit(timeout: 10) == 0)
    }

    @Test("Many concurrent results larger than a pipe buffer arrive as whole lines")
    func frameSafety() async throws {
        let server = try Self.sandbox()
        _ = try await server.initialize()
        let count = 16
        let burst = (1...count).map {
            #"{"jsonrpc":"2.0","id":\#($0),"method":"tools/call","params":{"name":"diagnostic_payload","arguments":{"kilobytes":300}}}"#
        }
        server.send(burst.joined(separator: "\n"))
        var seen: Set<Int> = []
        for _ in 1...count {
            let answer = try await server.nextMessage(timeout: 60)
            let id = try #require(answer["id"]?.numberValue?.intValue)
            seen.insert(id)
            let data = answer["result"]?["structuredContent"]?["data"]?.stringValue ?? ""
            #expect(data.utf8.count > 256 * 1024)
            #expect(data.hasPrefix("payload \"line\"\n"))
        }
        #expect(seen == Set(1...count))
        server.closeInput()
        #expect(await server.waitForExit(timeout: 10) == 0)
        for line in server.stdoutText.split(separator: "\n") {
            #expect((try? JSONParser.parse(String(line))) != nil)
        }
    }
}

/// What the server does when its client stops reading.
@Suite struct ClosedOutputTests {
    @Test("When the client closes stdout, the server cancels what is running and exits at once")
    func closedStdout() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-closed-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = ServerProcess.binaryURL
        process.arguments = ["serve"]
        process.environment = [
            "ZOHO_MCP_SANDBOX": "1", "ZOHO_MCP_DIAGNOSTIC_TOOLS": "1", "HOME": directory.path,
            "ZOHO_TOKEN_FILE": directory.appending(path: "tokens.json").path,
        ]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // A call that would report progress for a minute, then nobody reading its answers.
        input.fileHandleForWriting.write(
            Data(
                (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"diagnostic_progress","arguments":{"steps":1000,"delay_ms":60},"_meta":{"progressToken":"p"}}}"#
                    + "\n").utf8))
        try output.fileHandleForReading.close()
        let started = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - started < .seconds(40) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let stillRunning = process.isRunning
        if stillRunning { process.terminate() }
        #expect(!stillRunning, "the server kept running with nobody reading its output")
        // Well before the call would end by itself (alone it takes a fraction of a second; the margin is for the
        // whole suite running in parallel on two cores).
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(process.terminationStatus == 0)
        try? input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("closed stdout"), "\(stderr)")
    }
}
