import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The MCP protocol surface of the built binary over real stdio.
@Suite struct ProtocolTests {
    @Test(
        "initialize echoes each supported protocol version and offers the latest for others",
        arguments: [
            ("2025-11-25", "2025-11-25"), ("2025-06-18", "2025-06-18"), ("2025-03-26", "2025-03-26"),
            ("2024-11-05", "2024-11-05"), ("2099-01-01", "2025-11-25"),
        ])
    func versionNegotiation(requested: String, expected: String) async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        let answer = try await server.initialize(version: requested)
        #expect(answer["result"]?["protocolVersion"] == .string(expected))
        #expect(answer["result"]?["serverInfo"]?["name"] == "zoho-billing-mcp")
        #expect(answer["result"]?["capabilities"]?["tools"] != nil)
        server.closeInput()
        #expect(await server.waitForExit(timeout: 5) == 0)
    }

    @Test("initialize and tools/list are answered without any network I/O")
    func noNetworkBeforeInitialize() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        // A token file that does not exist and no credentials: any network attempt would fail or be recorded.
        let server = try ServerProcess(environment: environment.environment(credentials: false))
        _ = try await server.initialize()
        let list = try await server.request("tools/list", id: 1)
        #expect((list["result"]?["tools"]?.arrayValue?.count ?? 0) > 20)
        #expect(environment.emulator.recordedRequests.isEmpty)
        server.closeInput()
        #expect(await server.waitForExit(timeout: 5) == 0)
    }

    @Test("Methods this server does not implement get -32601 in both eras, and promptly")
    func unknownMethods() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        let started = Date()
        let modern = try await server.request(
            "resources/list", params: ["_meta": ProtocolEraTests.envelope()], id: 7)
        #expect(modern["error"]?["code"] == -32601)
        #expect(Date().timeIntervalSince(started) < 10)
        _ = try await server.initialize()
        let other = try await server.request("resources/list", id: 8)
        #expect(other["error"]?["code"] == -32601)
        let discoverAfterInitialize = try await server.request("server/discover", id: 9)
        #expect(discoverAfterInitialize["error"]?["code"] == -32601)
    }

    @Test("Lines that are not JSON get a parse error with id null and the server keeps serving")
    func malformedLines() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        server.send("{not json")
        let parseError = try await server.nextMessage()
        #expect(parseError["id"] == .null)
        #expect(parseError["error"]?["code"] == -32700)
        server.send(#"{"jsonrpc":"2.0","id":3}"#)
        let invalid = try await server.nextMessage()
        #expect(invalid["id"] == 3)
        #expect(invalid["error"]?["code"] == -32600)
        server.send("[1,2")
        #expect(try await server.nextMessage()["error"]?["code"] == -32700)
        // Invalid UTF-8: refused as unparseable, to the request's own id when it can be read, else to null.
        server.sendBytes(
            Array(#"{"jsonrpc":"2.0","id":5,"method":"ping","params":{"x":""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)
        )
        let badText = try await server.nextMessage()
        #expect(badText["id"] == 5)
        #expect(badText["error"]?["code"] == -32700)
        server.sendBytes(Array(#"{"jsonrpc":"2.0","id":""#.utf8) + [0xFF] + Array(#"","method":"ping"}"#.utf8))
        let badID = try await server.nextMessage()
        #expect(badID["error"]?["code"] == -32700)
        #expect(badID["id"] == .null)
        server.send("")
        let answer = try await server.initialize()
        #expect(answer["result"] != nil)
        let ping = try await server.request("ping", id: 4)
        #expect(ping["result"] == [:])
    }

    @Test("An unknown tool is a protocol error; bad arguments are a tool error naming the field and choices")
    func unknownToolAndInvalidArguments() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let unknown = try await server.request(
            "tools/call", params: ["name": "drop_database", "arguments": [:]], id: 1)
        #expect(unknown["error"]?["code"] == -32602)
        #expect(unknown["error"]?["message"]?.stringValue?.contains("drop_database") == true)

        let invalid = try await server.callTool(
            "list_invoices", ["status": "late", "per_page": "ten", "colour": "red"], id: 2)
        #expect(invalid["isError"] == true)
        let text = invalid.toolText
        #expect(
            text.contains(
                "`status` must be one of: all, sent, draft, overdue, paid, partially_paid, void, unpaid (got \"late\")")
        )
        #expect(text.contains("`per_page` must be an integer"))
        #expect(text.contains("Unknown argument `colour`"))

        let badDate = try await server.callTool(
            "create_invoice", ["customer_id": "1", "date": "21/11/2026", "invoice_items": []], id: 3)
        let dateText = badDate.toolText
        #expect(badDate["isError"] == true)
        #expect(dateText.contains("`date` must be a date in yyyy-mm-dd form"))
        #expect(environment.apiRequests.isEmpty, "invalid calls must not reach Zoho")
    }

    @Test("Requests are handled concurrently and every answer arrives")
    func concurrentRequests() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        // A burst written in one go: every line must be drained and answered.
        let burst = (1...20).map {
            #"{"jsonrpc":"2.0","id":\#($0),"method":"tools/call","params":{"name":"list_customers","arguments":{}}}"#
        }
        server.send(burst.joined(separator: "\n"))
        var seen: Set<Int> = []
        for _ in 1...20 {
            let answer = try await server.nextMessage()
            if let id = answer["id"]?.numberValue?.intValue { seen.insert(id) }
            #expect(answer["result"]?["isError"] == false)
        }
        #expect(seen == Set(1...20))
    }

    @Test("End of input ends the process promptly, after answering what is in flight")
    func exitOnEOF() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        server.send(
            #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        )
        server.send(
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_organizations","arguments":{}}}"#)
        server.closeInput()
        let started = Date()
        let status = await server.waitForExit(timeout: 20)
        #expect(status == 0)
        // Far below the 30 s an idle process once waited at end of input; the margin is for a loaded machine.
        #expect(Date().timeIntervalSince(started) < 10)
        let lines = server.stdoutText.split(separator: "\n")
        #expect(lines.count == 2, "both requests answered before exit: \(server.stdoutText)")
        for line in lines { #expect((try? JSONParser.parse(String(line))) != nil) }
    }

    @Test("A cancelled tool call is stopped and never answered; other requests go on")
    func cancellation() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        // Warm up the token so the slow request below is the only thing in flight.
        #expect(try await server.callTool("list_plans", id: 1)["isError"] == false)
        environment.emulator.enqueueFault(.slow(by: .seconds(5), pathPrefix: "/billing/v1/customers"))
        server.send(
            #"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"list_customers","arguments":{}}}"#)
        try await Task.sleep(for: .milliseconds(300))
        server.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9,"reason":"user"}}"#)
        let started = ContinuousClock.now
        let ping = try await server.request("ping", id: 10)
        #expect(ping["id"] == 10)
        server.closeInput()
        // The process ends without waiting out the slow request, and id 9 is never answered.
        #expect(await server.waitForExit(timeout: 10) == 0)
        #expect(ContinuousClock.now - started < .seconds(4))
        #expect(!server.stdoutText.contains(#""id":9"#))
    }

    @Test("Hostile input never crashes the server or puts anything but JSON on stdout")
    func hostileInput() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment())
        _ = try await server.initialize()
        let lines = [
            String(repeating: "[", count: 100_000),
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"not an object"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":42}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_invoices","arguments":[1,2]}}"#,
            #"{"jsonrpc":"2.0","id":{"nested":true},"method":"ping"}"#,
            #"{"jsonrpc":"1.0","id":4,"method":"ping"}"#,
            "\u{00}\u{01}\u{02}",
            #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_invoice","arguments":{"invoice_id":"../../organizations"}}}"#,
            #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_plan","arguments":{"plan_code":".."}}}"#,
            #"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"get_plan","arguments":{"plan_code":"."}}}"#,
            #"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"get_plan","arguments":{"plan_code":""}}}"#,
            #"{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"get_invoice","arguments":{"invoice_id":"123\n"}}}"#,
            #"{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"list_invoices","arguments":{"organization_id":"1\u2028"}}}"#,
            "\"just a string\"",
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"list_customers\",\"arguments\":{\"status\":\""
                + String(repeating: "x", count: 200_000) + "\"}}}",
        ]
        for line in lines { server.send(line) }
        let ping = try await server.request("ping", id: 99)
        #expect(ping["result"] == [:])
        server.closeInput()
        #expect(await server.waitForExit(timeout: 10) == 0)
        for line in server.stdoutText.split(separator: "\n") {
            #expect((try? JSONParser.parse(String(line))) != nil, "stdout carried: \(line.prefix(80))")
        }
        // Tool-level problems are tool errors, not crashes; a path argument cannot climb out of its resource.
        #expect(!environment.apiRequests.contains { $0.path.contains("..") || $0.path == "/billing/v1/organizations" })
        #expect(!environment.apiRequests.contains { $0.path.hasPrefix("/billing/v1/plans") })
        #expect(!environment.apiRequests.contains { $0.path.contains("%0A") || $0.path.contains("%E2%80%A8") })
        let answers = server.stdoutText.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        for id in 7...11 {
            let answer = answers.first { $0["id"] == .int(id) }
            #expect(answer?["result"]?["isError"] == true, "request \(id) is a tool error")
        }
    }
}
