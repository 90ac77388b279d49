public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A loopback TCP server that answers every connection with a script of raw bytes, pauses and an ending of its
/// choice: what a well-behaved HTTP server never does (a `Content-Length` longer than the body, a reset in the
/// middle of the body, a trickle, a response that never ends).
///
/// Each connection gets its own thread; the request head is read before the script runs. Stop it with
/// ``stop()``, which also ends scripts that are still waiting.
public final class ScriptedHTTPServer: Sendable {
    /// One step of the answer.
    public enum Step: Sendable {
        case send(Data)
        case pause(Duration)
        /// Closes the connection with a TCP reset (SO_LINGER 0) instead of an orderly close.
        case reset
        /// Holds the connection open until the server stops.
        case hang
    }

    /// The port it listens on, on 127.0.0.1.
    public let port: UInt16
    private let listener: Int32
    private let stopped = Atomic<Bool>(false)
    private let connections = Atomic<Int>(0)

    /// Starts listening; `script` is played to every connection.
    public init(script: [Step]) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw TestFailure("bind/listen failed: \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = descriptor
        let thread = Thread { [self] in acceptLoop(script: script) }
        thread.start()
    }

    /// How many connections it has accepted.
    public var connectionCount: Int { connections.load(ordering: .acquiring) }

    /// A URL on this server.
    public func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// Stops accepting and ends every script that is still running.
    public func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private func acceptLoop(script: [Step]) {
        while !stopped.load(ordering: .acquiring) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            connections.add(1, ordering: .releasing)
            let thread = Thread { [self] in play(script, on: client) }
            thread.start()
        }
    }

    private func play(_ script: [Step], on client: Int32) {
        readRequestHead(client)
        var closed = false
        defer { if !closed { close(client) } }
        for step in script {
            if stopped.load(ordering: .acquiring) { return }
            switch step {
            case .send(let data):
                let ok = data.withUnsafeBytes { buffer -> Bool in
                    var offset = 0
                    while offset < buffer.count {
                        let written = send(
                            client, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                        if written <= 0 { return false }
                        offset += written
                    }
                    return true
                }
                if !ok { return }
            case .pause(let duration):
                Thread.sleep(
                    forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds)
                        / 1e18)
            case .reset:
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                close(client)
                closed = true
                return
            case .hang:
                while !stopped.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.02) }
            }
        }
    }

    /// Reads until the blank line that ends the request head; bodies are not expected.
    private func readRequestHead(_ client: Int32) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.suffix(4).elementsEqual([13, 10, 13, 10]) {
            let count = recv(client, &buffer, buffer.count, 0)
            if count <= 0 { return }
            received.append(contentsOf: buffer[0..<count])
            if received.count > 1 << 16 { return }
        }
    }
}
