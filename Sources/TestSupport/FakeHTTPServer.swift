import FlyingFox
// `HTTPServer.listeningAddress` is a FlyingSocks type; the module ships inside the FlyingFox package.
import FlyingSocks
public import Foundation
import Synchronization

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
            var received = ReceivedRequest(
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
            received.rawPath = request.target.path()
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
