public import JSONCore
import Synchronization

/// What a request handler can do besides answering: report progress, notice cancellation, and ask the person.
///
/// Cancellation is Swift task cancellation: when the client cancels the request, the task running the handler is
/// cancelled, and the server sends no response for it.
public final class RequestContext: Sendable {
    /// The request being handled.
    public let requestID: RequestID
    /// The era and protocol revision of the request.
    public let era: ProtocolEra
    /// The client's `Implementation` object (name, version), when it sent one.
    public let clientInfo: JSONValue?
    /// The capabilities the client declared (in `initialize`, or in this request's `_meta`).
    public let clientCapabilities: JSONValue

    private let progressToken: JSONValue?
    private let channel: any ClientChannel
    /// Modern era: answers carried by this retry (and earlier rounds, through the request state).
    private let answers: [String: JSONValue]
    private let progress = Mutex(ProgressState())

    private struct ProgressState {
        var last: Double?
        var finished = false
    }

    init(
        requestID: RequestID, era: ProtocolEra, clientInfo: JSONValue?, clientCapabilities: JSONValue,
        progressToken: JSONValue?, channel: any ClientChannel, answers: [String: JSONValue] = [:]
    ) {
        self.requestID = requestID
        self.era = era
        self.clientInfo = clientInfo
        self.clientCapabilities = clientCapabilities
        self.progressToken = progressToken
        self.channel = channel
        self.answers = answers
    }

    /// The client's self-reported name, for logs and audit records.
    public var clientName: String? { clientInfo?["name"]?.stringValue }

    /// Whether the client asked for progress on this request.
    public var wantsProgress: Bool { progressToken != nil }

    /// Sends `notifications/progress` when the client asked for it. Values that do not increase are dropped,
    /// as MCP requires progress to grow, and nothing is sent once the request has been answered.
    public func reportProgress(_ value: Double, total: Double? = nil, message: String? = nil) {
        guard let progressToken, value.isFinite else { return }
        let send = progress.withLock { state -> Bool in
            guard !state.finished, state.last.map({ value > $0 }) ?? true else { return false }
            state.last = value
            return true
        }
        guard send, let number = JSONNumber(value) else { return }
        var params: [String: JSONValue] = ["progressToken": progressToken, "progress": .number(number)]
        if let total, let totalNumber = JSONNumber(total) { params["total"] = .number(totalNumber) }
        if let message { params["message"] = .string(message) }
        channel.notify(method: "notifications/progress", params: .object(params))
    }

    /// Asks the person a question through the client.
    ///
    /// Legacy era: sends `elicitation/create` and waits for the answer. Modern era: returns the answer the client
    /// sent with this retry, or throws ``InputRequired`` so that the server answers `input_required`; the handler
    /// then runs again from the start when the client retries, so it must not change anything before asking.
    /// - Returns: ``ElicitationAnswer/unavailable(_:)`` when the client cannot ask.
    public func elicit(_ request: ElicitationRequest) async throws -> ElicitationAnswer {
        guard supportsFormElicitation else {
            return .unavailable("the client did not declare form elicitation")
        }
        switch era {
        case .modern:
            if let answer = answers[request.key] { return ElicitationAnswer(result: answer) }
            throw InputRequired(inputRequests: [
                request.key: ["method": "elicitation/create", "params": request.params(includingMode: true)]
            ])
        case .legacy(let version):
            do {
                let result = try await channel.request(
                    method: "elicitation/create",
                    params: request.params(includingMode: ProtocolVersion.legacyHasElicitationMode(version)))
                return ElicitationAnswer(result: result)
            } catch let error as JSONRPCError {
                return .unavailable("the client answered with an error (\(error.message))")
            } catch is ClientUnavailable {
                return .unavailable("the client closed the connection")
            }
        }
    }

    private var supportsFormElicitation: Bool {
        if case .legacy(let version) = era, !ProtocolVersion.legacyHasElicitation(version) { return false }
        guard case .object(let elicitation) = clientCapabilities["elicitation"] ?? .null else { return false }
        // An empty object means form only; otherwise the client lists the modes it supports.
        return elicitation.isEmpty || elicitation["form"] != nil
    }

    /// Called once the answer is on its way: no progress may follow it.
    func finish() {
        progress.withLock { $0.finished = true }
    }
}
