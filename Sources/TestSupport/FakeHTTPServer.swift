public import Foundation
import FlyingFox
// `HTTPServer.listeningAddress` is a FlyingSocks type; the module ships inside the FlyingFox package.
import FlyingSocks
import Synchronization

/// A request as ``FakeHTTPServer`` received it, in plain types so tests need not import FlyingFox
/// (whose `HTTPRequest`, `HTTPResponse` and `HTTPHeaders` clash with CurlHTTP's).
public struct ReceivedRequest: Sendable {
    /// The method, as sent (`GET`).
    public var method: String
    /// The path without the query.
    public var path: String
    /// The query parameters; when a name repeats, the first value wins.
    public var query: [String: String]
    /// Header values keyed by lowercased name; repeated fields are joined with ", ".
    public var headers: [String: String]
    /// The raw body.
    public var body: Data
    /// The client's TCP port: one port per connection, so distinct ports count connections.
    public var clientPort: UInt16?

    /// The named header's value, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

/// What ``FakeHTTPServer`` answers.
public struct CannedResponse: Sendable {
    /// The HTTP status.
    public var status: Int = 200
    /// Header fields to send, by name.
    public var headers: [String: String] = [:]
    /// The body to send.
    public var body: Data = Data()

    /// Creates a response from its parts.
    public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `text` in UTF-8.
    public static func text(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> CannedResponse {
        CannedResponse(status: status, headers: headers, body: Data(text.utf8))
    }
}

/// A FlyingFox server on 127.0.0.1 with an ephemeral port, recording every request it receives.
public final class FakeHTTPServer: Sendable {
    /// Chooses the answer to each request.
    public typealias Handler = @Sendable (ReceivedRequest) async throws -> CannedResponse

    /// The ephemeral port the server listens on.
    public let port: UInt16
    private let server: HTTPServer
    private let runTask: Task<Void, any Error>
    private let log = Mutex<[ReceivedRequest]>([])

    /// Starts a server, runs `body` against it, and stops it afterwards, also when `body` throws.
    public static func with<T>(
        handler: @escaping Handler,
        _ body: (FakeHTTPServer) async throws -> T
    ) async throws -> T {
        let server = try await FakeHTTPServer(handler: handler)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private init(handler: @escaping Handler) async throws {
        let server = HTTPServer(
            address: try .inet(ip4: "127.0.0.1", port: 0),
            timeout: 30,
            logger: .disabled
        )
        self.server = server
        runTask = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case let .ip4(_, port)? = await server.listeningAddress else {
            throw CocoaError(.featureUnsupported)
        }
        self.port = port
        await server.appendRoute("*") { [weak self] request in
            let received = ReceivedRequest(
                method: request.method.rawValue,
                path: request.path,
                query: Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }),
                headers: Dictionary(
                    request.headers.map { ($0.key.rawValue.lowercased(), $0.value) },
                    uniquingKeysWith: { "\($0), \($1)" }
                ),
                body: try await request.bodyData,
                clientPort: Self.port(of: request.remoteAddress)
            )
            self?.log.withLock { $0.append(received) }
            let canned = try await handler(received)
            var headers = FlyingFox.HTTPHeaders()
            for (name, value) in canned.headers {
                headers.addValue(value, for: FlyingFox.HTTPHeader(name))
            }
            return FlyingFox.HTTPResponse(
                statusCode: HTTPStatusCode(canned.status, phrase: "Status \(canned.status)"),
                headers: headers,
                body: canned.body
            )
        }
    }

    /// Every request received so far, in arrival order.
    public var received: [ReceivedRequest] {
        log.withLock { $0 }
    }

    /// A URL on this server; `pathAndQuery` starts with "/".
    public func url(_ pathAndQuery: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// Stops listening; ``with(handler:_:)`` calls it for you.
    public func stop() async {
        await server.stop()
        runTask.cancel()
    }

    private static func port(of address: FlyingFox.HTTPRequest.Address?) -> UInt16? {
        switch address {
        case let .ip4(_, port), let .ip6(_, port): port
        case .unix, nil: nil
        }
    }
}
