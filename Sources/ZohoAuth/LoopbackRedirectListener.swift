#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import CurlHTTP
import Synchronization

/// A one-shot HTTP listener on 127.0.0.1 that waits for Zoho's authorization redirect.
///
/// Only the request line is read: the redirect is a plain `GET /callback?code=…&state=…`. Requests to any other
/// path (a browser's `/favicon.ico`, a port scanner) get 404 and the wait goes on; the first request to the
/// redirect path ends it, successful or not, and the socket is closed. It binds the loopback address only, so
/// nothing off the machine can reach it.
public final class LoopbackRedirectListener: Sendable {
    /// The bound port (the one asked for, or the ephemeral port the system chose).
    public let port: UInt16
    /// The redirect path, `/callback` unless chosen otherwise.
    public let path: String
    private let socket: Mutex<Int32?>

    /// Longest request head read from one connection; a redirect is far smaller.
    private static let requestLimit = 16_384

    /// Binds 127.0.0.1 on `port` (0 for an ephemeral one) and starts listening.
    public init(port: UInt16 = 0, path: String = "/callback") throws(LoopbackListenerError) {
        #if canImport(Darwin)
            let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #else
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #endif
        guard fd >= 0 else { throw .cannotListen(port: port, reason: Self.lastError()) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            let reason = Self.lastError()
            _ = systemClose(fd)
            throw .cannotListen(port: port, reason: reason)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        self.path = path
        self.socket = Mutex(fd)
    }

    deinit {
        close()
    }

    /// The redirect URI to register and send: `http://127.0.0.1:<port>/callback`.
    public var redirectURI: String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops listening; a pending ``waitForRedirect(state:timeout:)`` then fails. Calling it twice does nothing.
    public func close() {
        socket.withLock { fd in
            if let open = fd {
                _ = shutdown(open, Int32(SHUT_RDWR))
                _ = systemClose(open)
            }
            fd = nil
        }
    }

    /// Blocks until the redirect arrives, answers the browser, and closes the listener.
    /// - Parameters:
    ///   - state: the `state` the authorization URL carried; a redirect with any other is refused.
    ///   - timeout: seconds to wait in all.
    public func waitForRedirect(state: String, timeout: Double) throws(LoopbackListenerError) -> AuthorizationRedirect {
        defer { close() }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while true {
            guard let listening = socket.withLock({ $0 }) else { throw .timedOut(seconds: Int(timeout)) }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timedOut(seconds: Int(timeout)) }
            var descriptor = pollfd(fd: listening, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + 1)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .cannotListen(port: port, reason: Self.lastError())
            }
            if ready == 0 { continue }
            let client = accept(listening, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EAGAIN { continue }
                throw .cannotListen(port: port, reason: Self.lastError())
            }
            defer { _ = systemClose(client) }
            guard let target = Self.readRequestTarget(client) else {
                Self.respond(client, status: "400 Bad Request", message: "This is not an HTTP request.")
                continue
            }
            guard target.method == "GET", target.path == path else {
                Self.respond(client, status: "404 Not Found", message: "This address only takes the sign-in redirect.")
                continue
            }
            let parameters = Self.parameters(target.query)
            guard parameters["state"] == state else {
                Self.respond(
                    client, status: "400 Bad Request",
                    message: "This sign-in was refused: it did not come from the sign-in that is waiting.")
                throw .stateMismatch
            }
            if let error = parameters["error"] {
                Self.respond(client, status: "200 OK", message: "Zoho did not grant access. You can close this tab.")
                throw .denied(error: error)
            }
            guard let code = parameters["code"], !code.isEmpty else {
                Self.respond(client, status: "400 Bad Request", message: "The redirect carried no code.")
                throw .missingCode
            }
            Self.respond(
                client, status: "200 OK",
                message: "Signed in to Zoho. You can close this tab and return to the terminal.")
            return AuthorizationRedirect(
                code: code, location: parameters["location"], accountsServer: parameters["accounts-server"])
        }
    }

    // MARK: - HTTP, just enough

    private struct RequestTarget {
        var method: String
        var path: String
        var query: String
    }

    /// Reads the request head and parses its first line, `METHOD /path?query HTTP/1.1`.
    private static func readRequestTarget(_ client: Int32) -> RequestTarget? {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while bytes.count < requestLimit {
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.firstRange(of: end) != nil { break }
        }
        guard let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\r")) ?? bytes.firstIndex(of: UInt8(ascii: "\n"))
        else { return nil }
        let line = String(decoding: bytes[..<lineEnd], as: UTF8.self)
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/") else { return nil }
        let target = parts[1]
        let mark = target.firstIndex(of: "?")
        return RequestTarget(
            method: String(parts[0]),
            path: String(mark.map { target[..<$0] } ?? target),
            query: mark.map { String(target[target.index(after: $0)...]) } ?? "")
    }

    private static func parameters(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(String(parts[0]).replacing("+", with: " "))
            let value = parts.count > 1 ? PercentEncoding.decode(String(parts[1]).replacing("+", with: " ")) : ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    private static func respond(_ client: Int32, status: String, message: String) {
        let body = """
            <!doctype html><html><head><meta charset="utf-8"><title>zoho-billing-mcp</title></head>\
            <body><p>\(message)</p></body></html>
            """
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        let bytes = Array((head + body).utf8)
        #if canImport(Darwin)
            let flags: Int32 = 0
        #else
            let flags = Int32(MSG_NOSIGNAL)
        #endif
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(client, $0.baseAddress! + offset, $0.count - offset, flags) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// `close(2)`, under a name the listener's own `close()` does not shadow.
private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
        Darwin.close(fd)
    #else
        Glibc.close(fd)
    #endif
}
