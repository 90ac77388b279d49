public import ZohoEmulator
import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// A loopback HTTP server that answers every request with a ``ZohoEmulator``, so tests exercise a real HTTP client.
///
/// Each instance binds its own ephemeral port on 127.0.0.1 and shares nothing with other instances, so many servers
/// can run in parallel tests. Point the client's API base at ``baseURL`` and its accounts server at ``accountsURL``.
///
/// Thread safety: the run state (FlyingFox server, its task and the port) sits in a `Mutex`; FlyingFox's
/// `HTTPServer` is an actor. The class is `Sendable` without `@unchecked`.
public final class ZohoFakeServer: Sendable {
    /// The emulator answering this server's requests; use it to inspect requests and inject faults.
    public let emulator: ZohoEmulator

    private struct RunState: Sendable {
        var starting = false
        var server: HTTPServer?
        var task: Task<Void, Never>?
        var port: UInt16 = 0
    }

    private let state = Mutex(RunState())

    /// The port to bind; 0 lets the system choose a free one.
    private let requestedPort: UInt16

    /// Creates a server in front of `emulator` (a fresh default emulator unless given).
    /// - Parameter port: the port to bind on 127.0.0.1; 0 (the default, and what tests use) picks a free one.
    public init(emulator: ZohoEmulator = ZohoEmulator(), port: UInt16 = 0) {
        self.emulator = emulator
        self.requestedPort = port
    }

    /// Binds 127.0.0.1 on an ephemeral port and returns once the server accepts connections.
    /// - Throws: ``ZohoFakeServerError`` when already started or when the socket cannot be opened.
    public func start() async throws {
        try state.withLock { state in
            guard !state.starting, state.server == nil else { throw ZohoFakeServerError.alreadyStarted }
            state.starting = true
        }
        do {
            let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: requestedPort)
            // A long handler timeout lets fault delays run their course; the client decides when to give up.
            let server = HTTPServer(
                address: address, timeout: 3600, logger: .disabled, handler: EmulatorHTTPHandler(emulator: emulator))
            let (ended, endedContinuation) = AsyncStream.makeStream(of: String.self)
            let task = Task {
                do {
                    try await server.run()
                    endedContinuation.yield("the server stopped before it was listening")
                } catch {
                    endedContinuation.yield(String(describing: error))
                }
                endedContinuation.finish()
            }
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await server.waitUntilListening(timeout: 10) }
                    group.addTask {
                        for await reason in ended { throw ZohoFakeServerError.couldNotListen(reason) }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            } catch {
                task.cancel()
                await task.value
                throw error is ZohoFakeServerError ? error : ZohoFakeServerError.couldNotListen("\(error)")
            }
            guard case .ip4(_, let port)? = await server.listeningAddress else {
                await server.stop(timeout: 0)
                task.cancel()
                await task.value
                throw ZohoFakeServerError.couldNotListen("the socket has no IPv4 address")
            }
            state.withLock { state in
                state.server = server
                state.task = task
                state.port = port
                state.starting = false
            }
        } catch {
            state.withLock { $0.starting = false }
            throw error
        }
    }

    /// The bound port, or 0 before ``start()`` and after ``stop()``.
    public var port: UInt16 {
        state.withLock { $0.port }
    }

    /// The Billing API root, for example `http://127.0.0.1:54321/billing/v1`.
    public var baseURL: String {
        accountsURL + emulator.configuration.apiPrefix
    }

    /// The accounts (OAuth) server root, for example `http://127.0.0.1:54321`.
    public var accountsURL: String {
        "http://127.0.0.1:\(port)"
    }

    /// Closes the listening socket and open connections and waits for the server task to finish.
    /// Calling it on a server that is not running does nothing.
    public func stop() async {
        let (server, task) = state.withLock { state -> (HTTPServer?, Task<Void, Never>?) in
            defer {
                state.server = nil
                state.task = nil
                state.port = 0
            }
            return (state.server, state.task)
        }
        await server?.stop(timeout: 0)
        task?.cancel()
        await task?.value
    }
}

/// Adapts FlyingFox requests to ``EmulatorRequest`` and emulator responses back.
private struct EmulatorHTTPHandler: HTTPHandler {
    let emulator: ZohoEmulator

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let body = try await request.bodyData
        var headers: [String: String] = [:]
        for (header, value) in request.headers {
            let name = header.rawValue.lowercased()
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        let emulated = EmulatorRequest(
            method: request.method.rawValue,
            path: request.path,
            query: EmulatorRequest.decodeForm(request.target.query(percentEncoded: true)),
            headers: headers,
            body: body)
        let response = await emulator.handle(emulated)
        var responseHeaders = HTTPHeaders()
        for (name, value) in response.headers {
            responseHeaders[HTTPHeader(name)] = value
        }
        if responseHeaders[.contentType] == nil {
            responseHeaders[.contentType] = "application/json;charset=UTF-8"
        }
        // Zoho sends one, and `doctor` measures clock skew by it.
        if responseHeaders[HTTPHeader("Date")] == nil {
            responseHeaders[HTTPHeader("Date")] = Self.httpDate(Date())
        }
        return FlyingFox.HTTPResponse(
            statusCode: HTTPStatusCode(response.status, phrase: Self.phrase(for: response.status)),
            headers: responseHeaders,
            body: response.body)
    }

    /// An IMF-fixdate (RFC 9110 §5.6.7), such as `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    private static func phrase(for status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 302: return "Found"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }
}
