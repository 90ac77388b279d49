public import CurlHTTP
import Synchronization

/// An ``HTTPTransport`` double that records every request and answers through a closure, optionally after a delay
/// or only once a gate is opened.
///
/// ``answering(_:_:)`` gives every request the same answer and ``scripted(_:)`` plays a list of answers in order;
/// the initializer takes any rule.
public final class MockHTTPTransport: HTTPTransport {
    /// What the transport does with one request.
    public enum Reply: Sendable {
        /// Returns this response.
        case response(HTTPResponse)
        /// Throws this error, as a failed transfer would.
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

    /// Creates a transport that answers by `reply`.
    /// - Parameters:
    ///   - delay: how long each answer takes.
    ///   - gated: when true, answers wait for ``openGate()``.
    ///   - reply: the answer to the `number`th request (counting from 1).
    public init(
        delay: Duration = .zero,
        gated: Bool = false,
        reply: @escaping @Sendable (_ request: HTTPRequest, _ number: Int) -> Reply
    ) {
        self.state = Mutex(State(gateOpen: !gated))
        self.delay = delay
        self.reply = reply
    }

    /// Answers every request with the same status and JSON body.
    public static func answering(_ status: Int, _ body: String) -> MockHTTPTransport {
        MockHTTPTransport { _, _ in .response(.json(status, body)) }
    }

    /// Answers the requests with `responses`, one each, in order; a request beyond the last fails with a
    /// ``TestFailure``.
    public static func scripted(_ responses: [HTTPResponse]) -> MockHTTPTransport {
        MockHTTPTransport { _, number in
            guard number <= responses.count else {
                return .failure(TestFailure("request \(number) arrived after the \(responses.count) scripted ones"))
            }
            return .response(responses[number - 1])
        }
    }

    /// Every request received so far, in arrival order.
    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// Records the request, waits for the delay and the gate, then answers as the reply rule says.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
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
    public func waitForRequests(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let arrived = state.withLock { state in
                if state.requests.count < count { state.arrivalWaiters.append((count, continuation)) }
                return state.requests.count >= count
            }
            if arrived { continuation.resume() }
        }
    }

    /// Lets gated answers through, now and from now on.
    public func openGate() {
        let waiters = state.withLock { state in
            state.gateOpen = true
            defer { state.gateWaiters.removeAll() }
            return state.gateWaiters
        }
        waiters.forEach { $0.resume() }
    }
}
