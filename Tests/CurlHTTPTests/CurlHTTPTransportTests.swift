import CurlHTTP
import Foundation
import TestSupport
import Testing

@Suite struct CurlHTTPTransportTests {
    let transport = CurlHTTPTransport()

    // MARK: - Requests

    @Test("A GET sends its query string and custom headers, and no body")
    func getSendsQueryAndHeaders() async throws {
        try await FakeHTTPServer.with(handler: { _ in .text("ok") }) { server in
            var headers = HTTPHeaders()
            headers.add(name: "X-Custom-Token", value: "abc 123")
            headers.add(name: "Accept", value: "application/json")
            let request = HTTPRequest(
                method: .get,
                url: server.url("/items?page=2&filter=two%20words"),
                headers: headers
            )
            let response = try await transport.send(request)

            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "ok")
            let seen = try #require(server.received.first)
            #expect(seen.method == "GET")
            #expect(seen.path == "/items")
            #expect(seen.query == ["page": "2", "filter": "two words"])
            #expect(seen.header("x-custom-token") == "abc 123")
            #expect(seen.header("accept") == "application/json")
            #expect(seen.header("expect") == nil)
            #expect(seen.header("content-type") == nil)
            #expect(seen.body.isEmpty)
        }
    }

    @Test("POST and PUT JSON bodies arrive byte-exact", arguments: [HTTPMethod.post, .put])
    func bodiesArriveByteExact(method: HTTPMethod) async throws {
        let echo: FakeHTTPServer.Handler = { request in CannedResponse(status: 201, body: request.body) }
        try await FakeHTTPServer.with(handler: echo) { server in
            let json = Data(#"{"name":"Zoë 🚀","amount":12.5,"nested":{"nul":"a\u0000b"},"list":[1,2,3]}"#.utf8)
            let request = HTTPRequest(
                method: method,
                url: server.url("/invoices"),
                headers: ["Content-Type": "application/json"],
                body: json
            )
            let response = try await transport.send(request)

            #expect(response.status == 201)
            #expect(response.body == json)
            let seen = try #require(server.received.first)
            #expect(seen.method == method.rawValue)
            #expect(seen.body == json)
            #expect(seen.header("content-type") == "application/json")
            #expect(seen.header("content-length") == String(json.count))
            #expect(seen.header("expect") == nil)
        }
    }

    @Test("A POST or PUT without a body sends Content-Length 0", arguments: [HTTPMethod.post, .put])
    func emptyBodies(method: HTTPMethod) async throws {
        try await FakeHTTPServer.with(handler: { _ in CannedResponse(status: 204) }) { server in
            let response = try await transport.send(HTTPRequest(method: method, url: server.url("/empty")))

            #expect(response.status == 204)
            let seen = try #require(server.received.first)
            #expect(seen.method == method.rawValue)
            #expect(seen.header("content-length") == "0")
            #expect(seen.header("content-type") == nil)
            #expect(seen.body.isEmpty)
        }
    }

    @Test("A DELETE is sent as DELETE, with or without a body")
    func deleteRequests() async throws {
        try await FakeHTTPServer.with(handler: { _ in .text(#"{"code":0}"#) }) { server in
            let plain = try await transport.send(HTTPRequest(method: .delete, url: server.url("/customers/42")))
            let body = Data(#"{"reason":"duplicate"}"#.utf8)
            let withBody = try await transport.send(
                HTTPRequest(
                    method: .delete,
                    url: server.url("/customers/43"),
                    headers: ["Content-Type": "application/json"],
                    body: body
                )
            )

            #expect(plain.status == 200)
            #expect(withBody.status == 200)
            let seen = server.received
            try #require(seen.count == 2)
            #expect(seen[0].method == "DELETE")
            #expect(seen[0].path == "/customers/42")
            #expect(seen[0].body.isEmpty)
            #expect(seen[1].method == "DELETE")
            #expect(seen[1].body == body)
        }
    }

    // MARK: - Responses

    @Test("Response headers are captured and looked up case-insensitively")
    func responseHeaders() async throws {
        let handler: FakeHTTPServer.Handler = { _ in
            .text("{}", headers: ["X-Request-Id": "req-7", "Content-Type": "application/json;charset=UTF-8"])
        }
        try await FakeHTTPServer.with(handler: handler) { server in
            let response = try await transport.send(HTTPRequest(method: .get, url: server.url("/headers")))

            #expect(response.headers["x-request-id"] == "req-7")
            #expect(response.headers["X-REQUEST-ID"] == "req-7")
            #expect(response.headers["content-type"] == "application/json;charset=UTF-8")
            #expect(response.headers["Content-Length"] == "2")
            #expect(!response.headers.contains { $0.name.hasPrefix("HTTP/") || $0.name.isEmpty })
        }
    }

    @Test("Non-2xx statuses come back as responses, not errors", arguments: [400, 401, 404, 429, 500, 503])
    func errorStatusesAreResponses(status: Int) async throws {
        let handler: FakeHTTPServer.Handler = { _ in .text(#"{"code":57,"message":"nope"}"#, status: status) }
        try await FakeHTTPServer.with(handler: handler) { server in
            let response = try await transport.send(HTTPRequest(method: .get, url: server.url("/fails")))

            #expect(response.status == status)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"code":57,"message":"nope"}"#)
        }
    }

    @Test("A gzip-encoded response body is decoded transparently")
    func gzipIsDecoded() async throws {
        let handler: FakeHTTPServer.Handler = { _ in
            CannedResponse(
                headers: ["Content-Encoding": "gzip", "Content-Type": "text/plain"], body: Fixtures.gzipBody)
        }
        try await FakeHTTPServer.with(handler: handler) { server in
            let response = try await transport.send(HTTPRequest(method: .get, url: server.url("/gzip")))

            #expect(String(decoding: response.body, as: UTF8.self) == Fixtures.gzipText)
            let offered = try #require(server.received.first?.header("accept-encoding"))
            #expect(offered.contains("gzip"))
        }
    }

    @Test("A 302 is returned with its Location header and not followed")
    func redirectsAreNotFollowed() async throws {
        let handler: FakeHTTPServer.Handler = { request in
            request.path == "/old" ? .text("", status: 302, headers: ["Location": "/new"]) : .text("new")
        }
        try await FakeHTTPServer.with(handler: handler) { server in
            let response = try await transport.send(HTTPRequest(method: .get, url: server.url("/old")))

            #expect(response.status == 302)
            #expect(response.headers["location"] == "/new")
            #expect(server.received.map(\.path) == ["/old"])
        }
    }

    @Test("http to localhost is allowed, like 127.0.0.1")
    func localhostIsAllowed() async throws {
        try await FakeHTTPServer.with(handler: { _ in .text("local") }) { server in
            let url = try #require(URL(string: "http://localhost:\(server.port)/ping"))
            let response = try await transport.send(HTTPRequest(method: .get, url: url))

            #expect(response.status == 200)
        }
    }

    // MARK: - Failures

    @Test("A slow response runs into the total timeout and throws timedOut")
    func totalTimeout() async throws {
        let handler: FakeHTTPServer.Handler = { _ in
            try await Task.sleep(for: .seconds(10))
            return .text("too late")
        }
        try await FakeHTTPServer.with(handler: handler) { server in
            let request = HTTPRequest(method: .get, url: server.url("/slow?secret=s3cr3t"), timeout: 0.3)
            let started = ContinuousClock.now
            let error = await #expect(throws: CurlError.self) {
                try await transport.send(request)
            }

            // Well before the server's 10 s answer; the margin is for a machine loaded by the rest of the suite.
            #expect(ContinuousClock.now - started < .seconds(8))
            #expect(error?.kind == .timedOut)
            #expect(error?.code == 28)
            let description = error?.description ?? ""
            #expect(description.hasPrefix("The request to 127.0.0.1 timed out after 0."))
            #expect(description.hasSuffix("Check the network or raise the timeout."))
            #expect(!description.contains("s3cr3t"))
        }
    }

    @Test("A closed port fails with couldNotConnect")
    func connectionRefused() async throws {
        let closedPort = try await FakeHTTPServer.with(handler: { _ in .text("") }) { $0.port }
        let url = try #require(URL(string: "http://127.0.0.1:\(closedPort)/nobody-home"))

        let error = await #expect(throws: CurlError.self) {
            try await transport.send(HTTPRequest(method: .get, url: url, connectTimeout: 2))
        }
        #expect(error?.kind == .couldNotConnect)
        #expect(error?.code == 7)
        #expect(error?.description.hasPrefix("Could not connect to 127.0.0.1") == true)
    }

    @Test("Plain http to a remote host is rejected before any network I/O")
    func insecureURLIsRejected() async throws {
        let url = try #require(URL(string: "http://example.com/v1/invoices?authtoken=hunter2"))
        let error = await #expect(throws: CurlError.self) {
            try await transport.send(HTTPRequest(method: .get, url: url, headers: ["Authorization": "Bearer xyz"]))
        }

        #expect(error?.kind == .insecureURL)
        #expect(error?.host == "example.com")
        let description = error?.description ?? ""
        #expect(description.contains("over http to example.com"))
        #expect(description.hasSuffix("Use an https URL."))
        #expect(!description.contains("hunter2"))
        #expect(!description.contains("xyz"))
        #expect(transport.connectionsOpened == 0)
    }

    // MARK: - Cancellation

    @Test("Cancelling a slow request throws CancellationError well before the server answers")
    func cancellationIsPrompt() async throws {
        let (arrivals, arrived) = AsyncStream<Void>.makeStream()
        let handler: FakeHTTPServer.Handler = { _ in
            arrived.yield()
            try await Task.sleep(for: .seconds(10))
            return .text("too late")
        }
        try await FakeHTTPServer.with(handler: handler) { server in
            let transport = transport
            let task = Task {
                try await transport.send(HTTPRequest(method: .get, url: server.url("/slow")))
            }
            var iterator = arrivals.makeAsyncIterator()
            _ = await iterator.next()
            let cancelled = ContinuousClock.now
            task.cancel()

            await #expect(throws: CancellationError.self) {
                try await task.value
            }
            // Cancelling wakes the transfer's poll at once; waiting for libcurl's progress callback, which comes
            // about once a second while nothing arrives, would take up to a second. The bound leaves room for the
            // whole suite running in parallel on two cores; the benchmark measures the latency itself (0–1 ms).
            #expect(ContinuousClock.now - cancelled < .milliseconds(900))
        }
    }

    @Test("A task cancelled before sending never reaches the server")
    func cancelledBeforeStart() async throws {
        try await FakeHTTPServer.with(handler: { _ in .text("unexpected") }) { server in
            let transport = transport
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await transport.send(HTTPRequest(method: .get, url: server.url("/never")))
            }

            await #expect(throws: CancellationError.self) {
                try await task.value
            }
            #expect(server.received.isEmpty)
            #expect(transport.connectionsOpened == 0)
        }
    }

    @Test("Cancelling a request that waits for a free transfer slot ends it at once")
    func cancelQueuedRequest() async throws {
        let (arrivals, arrived) = AsyncStream<Void>.makeStream()
        let handler: FakeHTTPServer.Handler = { _ in
            arrived.yield()
            try await Task.sleep(for: .seconds(10))
            return .text("too late")
        }
        try await FakeHTTPServer.with(handler: handler) { server in
            let transport = CurlHTTPTransport(maximumConcurrentTransfers: 1)
            let first = Task { try await transport.send(HTTPRequest(method: .get, url: server.url("/first"))) }
            var iterator = arrivals.makeAsyncIterator()
            _ = await iterator.next()
            let queued = Task { try await transport.send(HTTPRequest(method: .get, url: server.url("/queued"))) }

            let cancelled = ContinuousClock.now
            queued.cancel()
            await #expect(throws: CancellationError.self) {
                try await queued.value
            }
            #expect(ContinuousClock.now - cancelled < .seconds(0.9))
            first.cancel()
            await #expect(throws: CancellationError.self) {
                try await first.value
            }
            #expect(server.received.map(\.path) == ["/first"])
        }
    }

    // MARK: - Concurrency and connection reuse

    @Test("Fifty concurrent requests over eight transfer slots all succeed")
    func manyConcurrentRequests() async throws {
        let handler: FakeHTTPServer.Handler = { request in .text("reply \(request.path)") }
        try await FakeHTTPServer.with(handler: handler) { server in
            let transport = CurlHTTPTransport(maximumConcurrentTransfers: 8, maximumIdleHandles: 8)
            let replies = try await withThrowingTaskGroup(of: (Int, HTTPResponse).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        (index, try await transport.send(HTTPRequest(method: .get, url: server.url("/n/\(index)"))))
                    }
                }
                return try await group.reduce(into: [Int: HTTPResponse]()) { $0[$1.0] = $1.1 }
            }

            #expect(replies.count == 50)
            for (index, response) in replies {
                #expect(response.status == 200)
                #expect(String(decoding: response.body, as: UTF8.self) == "reply /n/\(index)")
            }
            #expect(server.received.count == 50)
            #expect(transport.connectionsOpened <= 8)
            #expect(Set(server.received.compactMap(\.clientPort)).count <= 8)
        }
    }

    @Test("Sequential requests reuse one kept-alive connection")
    func connectionReuse() async throws {
        try await FakeHTTPServer.with(handler: { _ in .text("again") }) { server in
            let transport = CurlHTTPTransport()
            for index in 0..<10 {
                let method: HTTPMethod = index.isMultiple(of: 2) ? .get : .post
                let body = method == .post ? Data("{}".utf8) : nil
                let response = try await transport.send(
                    HTTPRequest(method: method, url: server.url("/seq/\(index)"), body: body)
                )
                #expect(response.status == 200)
            }

            #expect(server.received.count == 10)
            #expect(Set(server.received.compactMap(\.clientPort)).count == 1)
            #expect(transport.connectionsOpened == 1)
        }
    }
}

enum Fixtures {
    static let gzipText = "Hello from a gzip-encoded response body. Hello again, gzip."

    /// `printf '…' | gzip -9 -n` of ``gzipText``.
    static let gzipBody = Data([
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0x48, 0x2b,
        0xca, 0xcf, 0x55, 0x48, 0x54, 0x48, 0xaf, 0xca, 0x2c, 0xd0, 0x4d, 0xcd, 0x4b, 0xce, 0x4f, 0x49, 0x4d, 0x51,
        0x28, 0x4a, 0x2d, 0x2e, 0xc8, 0xcf, 0x2b, 0x4e, 0x55, 0x48, 0xca, 0x4f, 0xa9, 0xd4, 0x53, 0xf0, 0x00, 0x2b,
        0x4c, 0x4c, 0x4f, 0xcc, 0xcc, 0xd3, 0x01, 0x2b, 0xd4, 0x03, 0x00, 0xf3, 0xe1, 0xc1, 0x04, 0x3b, 0x00, 0x00,
        0x00,
    ])
}
