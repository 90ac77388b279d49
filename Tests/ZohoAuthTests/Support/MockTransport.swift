import CurlHTTP
import Foundation
import Synchronization

/// A scripted ``HTTPTransport``: records every request and answers through `reply`, optionally after a delay or
/// only once a gate is opened.
final class MockTransport: HTTPTransport {
    enum Reply: Sendable {
        case response(HTTPResponse)
        case failure(any Error)
    }

    private struct State {
        var requests: [HTTPRequest] = []
        var arrivalWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var gateOpen: Bool
        var gateWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    private let delay: Duration
    private let reply: @Sendable (_ request: HTTPRequest, _ number: Int) -> Reply

    /// - Parameters:
    ///   - delay: how long each answer takes.
    ///   - gated: when true, answers wait for ``openGate()``.
    ///   - reply: the answer to the `number`th request (counting from 1).
    init(
        delay: Duration = .zero,
        gated: Bool = false,
        reply: @escaping @Sendable (_ request: HTTPRequest, _ number: Int) -> Reply
    ) {
        self.state = Mutex(State(gateOpen: !gated))
        self.delay = delay
        self.reply = reply
    }

    /// Answers every request with a new access token `at-<n>` valid for an hour, like Zoho's refresh grant.
    static func issuingTokens(delay: Duration = .zero, gated: Bool = false) -> MockTransport {
        MockTransport(delay: delay, gated: gated) { _, number in
            .response(
                .json(
                    200,
                    #"{"access_token":"at-\#(number)","api_domain":"https://www.zohoapis.eu","token_type":"Bearer","expires_in":3600}"#
                ))
        }
    }

    /// Answers every request with the same status and body.
    static func answering(_ status: Int, _ body: String) -> MockTransport {
        MockTransport { _, _ in .response(.json(status, body)) }
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let number = state.withLock { state in
            state.requests.append(request)
            let count = state.requests.count
            let ready = state.arrivalWaiters.filter { $0.count <= count }
            state.arrivalWaiters.removeAll { $0.count <= count }
            ready.forEach { $0.continuation.resume() }
            return count
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLock { state in
                if !state.gateOpen { state.gateWaiters.append(continuation) }
                return state.gateOpen
            }
            if open { continuation.resume() }
        }
        switch reply(request, number) {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }

    /// Returns once `count` requests have arrived.
    func waitForRequests(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let arrived = state.withLock { state in
                if state.requests.count < count { state.arrivalWaiters.append((count, continuation)) }
                return state.requests.count >= count
            }
            if arrived { continuation.resume() }
        }
    }

    /// Lets gated answers through, now and from now on.
    func openGate() {
        let waiters = state.withLock { state in
            state.gateOpen = true
            defer { state.gateWaiters.removeAll() }
            return state.gateWaiters
        }
        waiters.forEach { $0.resume() }
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}

extension HTTPRequest {
    /// The form body decoded into a dictionary.
    var formFields: [String: String] {
        let text = String(decoding: body ?? Data(), as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let key = parts[0].removingPercentEncoding ?? parts[0]
            let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            fields[key] = value
        }
        return fields
    }

    var bodyText: String { String(decoding: body ?? Data(), as: UTF8.self) }
}
