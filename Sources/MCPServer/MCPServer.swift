import JSONCore
public import Logging
import Synchronization

/// The server side of MCP over JSON-RPC 2.0, in both protocol eras, independent of any transport.
///
/// A transport hands every incoming message to ``receive(_:)`` and delivers what the server sends through its
/// ``MessageSink``. Era selection follows the dual-era rules: `initialize` opens a legacy session for the rest of
/// the process, and a request that carries the 2026-07-28 `_meta` envelope is served statelessly from what it
/// carries. Requests without either (a legacy client that skipped the handshake) are served as the newest legacy
/// revision.
///
/// Quick methods (`initialize`, `ping`, the list methods, `server/discover`) are answered on the caller's thread;
/// tool calls and prompt requests run in tasks of their own, so a slow call never holds up other requests and can
/// be cancelled with `notifications/cancelled`.
public final class MCPServer: Sendable {
    private let server: ServerDescription
    private let tools: any ToolHandler
    private let prompts: any PromptHandler
    private let output: any MessageSink
    private let taskExecutor: (any TaskExecutor)?
    private let logger: Logger
    private let requestStates = RequestStateStore()
    /// The `tools` arrays, serialized once per protocol revision: tools/list is answered by splicing text.
    private let toolsJSONByVersion = Mutex<[String: String]>([:])
    private let promptsJSON: String
    private let state = Mutex(State())

    /// How long a 2026-07-28 client may cache a list result; the lists never change while the process runs.
    static let listTTLMilliseconds = 3_600_000

    private struct State {
        /// Set by `initialize`: the negotiated revision, client capabilities and client info.
        var session: LegacySession?
        var inFlight: [Int: InFlightRequest] = [:]
        var nextSerial = 0
        var pendingClientRequests: [String: CheckedContinuation<JSONValue, any Error>] = [:]
        var nextClientRequest = 0
        var inputEnded = false
    }

    private struct LegacySession {
        var version: String
        var capabilities: JSONValue
        var clientInfo: JSONValue?
    }

    private struct InFlightRequest {
        var id: RequestID
        var task: Task<Void, Never>?
        var cancelled = false
    }

    /// - Parameter taskExecutor: where tool calls and prompt requests run; nil for the global concurrent
    ///   executor. An executor whose threads may block (an HTTP client's) saves thread hops per call.
    public init(
        server: ServerDescription, tools: any ToolHandler, prompts: any PromptHandler = NoPrompts(),
        output: any MessageSink, taskExecutor: (any TaskExecutor)? = nil, logger: Logger
    ) {
        self.server = server
        self.tools = tools
        self.prompts = prompts
        self.output = output
        self.taskExecutor = taskExecutor
        self.logger = logger
        self.promptsJSON = JSONValue.array(prompts.prompts).serialized()
    }

    // MARK: - Incoming messages

    /// Handles one message (one line of the stdio transport, without its line break).
    public func receive(_ bytes: [UInt8]) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard bytes[0..<end].contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let text = end == bytes.count ? bytes : Array(bytes[0..<end])
        let message: JSONValue
        do {
            message = try JSONParser.parse(bytes: text)
        } catch {
            sendError(.parseError("the message is not valid JSON (\(error))."), id: nil)
            return
        }
        // JSON-RPC text is UTF-8. The parser repairs bad bytes so that the id can still be read: the refusal then
        // goes to the request it belongs to, and nothing runs on altered text.
        guard String(validating: text, as: UTF8.self) != nil else {
            // An id that itself held bad bytes cannot be given back as sent: it gets null.
            var id = message["id"].flatMap(RequestID.init)
            if case .string(let text) = id, text.unicodeScalars.contains("\u{FFFD}") { id = nil }
            sendError(.parseError("the message is not valid UTF-8."), id: id)
            return
        }
        guard case .object(let members) = message else {
            let detail =
                if case .array = message {
                    "batches are not supported; send one JSON-RPC message per line."
                } else {
                    "a JSON-RPC message must be an object."
                }
            sendError(.invalidRequest(detail), id: nil)
            return
        }
        let id: RequestID?
        if let rawID = members["id"], rawID != .null {
            guard let valid = RequestID(rawID) else {
                sendError(.invalidRequest("\"id\" must be a string or an integer."), id: nil)
                return
            }
            id = valid
        } else {
            id = nil
        }
        guard members["jsonrpc"]?.stringValue == "2.0" else {
            sendError(.invalidRequest("\"jsonrpc\" must be \"2.0\"."), id: id)
            return
        }
        if let method = members["method"] {
            guard let name = method.stringValue else {
                sendError(.invalidRequest("\"method\" must be a string."), id: id)
                return
            }
            let params = members["params"]
            if let params, params.objectValue == nil {
                if let id { sendError(.invalidParams("\"params\" must be an object."), id: id) }
                return
            }
            if let id {
                handleRequest(id: id, method: name, params: params?.objectValue ?? [:])
            } else {
                handleNotification(method: name, params: params?.objectValue ?? [:])
            }
        } else if let id, members["result"] != nil || members["error"] != nil {
            handleResponse(id: id, members: members)
        } else {
            sendError(.invalidRequest("a request needs \"method\"."), id: id)
        }
    }

    /// The client's input has ended: no answers to our requests can come any more.
    public func inputEnded() {
        let waiting = state.withLock { state in
            state.inputEnded = true
            defer { state.pendingClientRequests = [:] }
            return Array(state.pendingClientRequests.values)
        }
        for continuation in waiting { continuation.resume(throwing: ClientUnavailable()) }
    }

    /// Requests still being handled.
    public var inFlightCount: Int { state.withLock { $0.inFlight.count } }

    /// Cancels every request in flight, for shutdown. Without an error they get no answer (the client is gone);
    /// with one, each is answered with it first, so a client still listening learns why.
    public func cancelAll(answering error: JSONRPCError? = nil) {
        let cancelled = state.withLock { state in
            state.inFlight.keys.compactMap { serial -> (RequestID, Task<Void, Never>?)? in
                guard let request = state.inFlight[serial], !request.cancelled else { return nil }
                state.inFlight[serial]?.cancelled = true
                return (request.id, request.task)
            }
        }
        for (id, task) in cancelled {
            if let error { sendError(error, id: id) }
            task?.cancel()
        }
    }

    private func handleNotification(method: String, params: [String: JSONValue]) {
        switch method {
        case "notifications/cancelled":
            guard let raw = params["requestId"], let id = RequestID(raw) else { return }
            cancel(id)
        default:
            // notifications/initialized, progress and anything unknown need no action.
            break
        }
    }

    private func cancel(_ id: RequestID) {
        let tasks = state.withLock { state in
            state.inFlight.compactMap { serial, request -> Task<Void, Never>? in
                guard request.id == id else { return nil }
                state.inFlight[serial]?.cancelled = true
                return request.task
            }
        }
        if !tasks.isEmpty { logger.debug("Request cancelled by the client", metadata: ["id": "\(id)"]) }
        for task in tasks { task.cancel() }
    }

    private func handleResponse(id: RequestID, members: [String: JSONValue]) {
        guard case .string(let key) = id,
            let continuation = state.withLock({ $0.pendingClientRequests.removeValue(forKey: key) })
        else {
            logger.debug("Ignoring a response to no pending request", metadata: ["id": "\(id)"])
            return
        }
        if let error = members["error"] {
            continuation.resume(
                throwing: JSONRPCError(
                    code: error["code"]?.numberValue?.intValue ?? -32603,
                    message: error["message"]?.stringValue ?? "no message", data: error["data"]))
        } else {
            continuation.resume(returning: members["result"] ?? .object([:]))
        }
    }

    // MARK: - Requests

    private func handleRequest(id: RequestID, method: String, params: [String: JSONValue]) {
        if method == "initialize" {
            // The handshake does not exist in 2026-07-28, even when a client stamps the envelope on it.
            return answer(id: id, era: nil, result: initialize(params).map(Self.serializing))
        }
        if let envelope = params["_meta"]?[EnvelopeKey.protocolVersion] {
            return handleModernRequest(id: id, method: method, params: params, version: envelope)
        }
        let session = state.withLock { $0.session }
        let era = ProtocolEra.legacy(version: session?.version ?? ProtocolVersion.legacy[0])
        // Built only for the methods that run a handler: ping and the lists are answered without one.
        func context() -> RequestContext {
            RequestContext(
                requestID: id, era: era, clientInfo: session?.clientInfo,
                clientCapabilities: session?.capabilities ?? [:], progressToken: params["_meta"]?["progressToken"],
                channel: self)
        }
        switch method {
        case "ping":
            answer(id: id, era: nil, result: .success([:]))
        case "tools/list":
            answerList(id: id, era: era, key: "tools", json: toolsJSON(for: era))
        case "prompts/list":
            answerList(id: id, era: era, key: "prompts", json: promptsJSON)
        case "tools/call":
            let context = context()
            run(id: id, era: era) { try await self.callTool(params, context: context) }
        case "prompts/get":
            let context = context()
            run(id: id, era: era) { try await self.getPrompt(params, context: context) }
        case "completion/complete":
            let context = context()
            run(id: id, era: era) { try await self.complete(params, context: context) }
        case "server/discover" where session == nil:
            // Probes normally carry the envelope; answer a bare one too, since the process is not yet legacy.
            answer(
                id: id, era: .modern(version: ProtocolVersion.modern[0]),
                result: .success(Self.serializing(discoverResult)))
        default:
            sendError(.methodNotFound(method), id: id)
        }
    }

    private func handleModernRequest(id: RequestID, method: String, params: [String: JSONValue], version: JSONValue) {
        if let session = state.withLock({ $0.session }) {
            return sendError(
                .invalidRequest(
                    "this process serves protocol \(session.version), negotiated with initialize; requests carrying "
                        + "the 2026-07-28 envelope are not accepted on it."), id: id)
        }
        guard let requested = version.stringValue else {
            return sendError(.invalidParams("The protocol version in _meta must be a string."), id: id)
        }
        guard let capabilities = params["_meta"]?[EnvelopeKey.clientCapabilities], capabilities.objectValue != nil
        else {
            return sendError(
                .invalidParams("_meta must carry \(EnvelopeKey.clientCapabilities) (an object)."), id: id)
        }
        guard ProtocolVersion.modern.contains(requested) else {
            return sendError(
                .unsupportedProtocolVersion(requested: requested, supported: ProtocolVersion.all), id: id)
        }
        let era = ProtocolEra.modern(version: requested)
        switch method {
        case "server/discover":
            answer(id: id, era: era, result: .success(Self.serializing(discoverResult)))
        case "tools/list":
            answerList(id: id, era: era, key: "tools", json: toolsJSON(for: era))
        case "prompts/list":
            answerList(id: id, era: era, key: "prompts", json: promptsJSON)
        case "tools/call", "prompts/get":
            // Answers from earlier rounds come back through the request state; those of this retry ride along.
            let fingerprint = Self.fingerprint(method: method, params: params)
            var answers: [String: JSONValue] = [:]
            if let handle = params["requestState"]?.stringValue,
                let earlier = requestStates.redeem(handle, fingerprint: fingerprint)
            {
                answers = earlier
                for (key, value) in params["inputResponses"]?.objectValue ?? [:] { answers[key] = value }
            }
            let context = RequestContext(
                requestID: id, era: era, clientInfo: params["_meta"]?[EnvelopeKey.clientInfo],
                clientCapabilities: capabilities, progressToken: params["_meta"]?["progressToken"], channel: self,
                answers: answers)
            run(id: id, era: era, fingerprint: fingerprint, answers: answers) {
                method == "tools/call"
                    ? try await self.callTool(params, context: context)
                    : try await self.getPrompt(params, context: context)
            }
        case "completion/complete":
            let context = RequestContext(
                requestID: id, era: era, clientInfo: params["_meta"]?[EnvelopeKey.clientInfo],
                clientCapabilities: capabilities, progressToken: nil, channel: self)
            run(id: id, era: era) { try await self.complete(params, context: context) }
        case "ping":
            sendError(.methodNotFound(method, detail: "ping is not part of protocol \(requested)"), id: id)
        default:
            sendError(.methodNotFound(method), id: id)
        }
    }

    private func initialize(_ params: [String: JSONValue]) -> Result<[String: JSONValue], JSONRPCError> {
        guard let requested = params["protocolVersion"]?.stringValue else {
            return .failure(.invalidParams("initialize needs \"protocolVersion\" (a string)."))
        }
        let version = ProtocolVersion.legacy.contains(requested) ? requested : ProtocolVersion.legacy[0]
        let session = LegacySession(
            version: version, capabilities: params["capabilities"] ?? [:], clientInfo: params["clientInfo"])
        state.withLock { $0.session = session }
        logger.debug(
            "Initialized",
            metadata: ["version": "\(version)", "client": "\(session.clientInfo?["name"]?.stringValue ?? "?")"])
        var result: [String: JSONValue] = [
            "protocolVersion": .string(version),
            "capabilities": capabilities,
            "serverInfo": server.implementation,
        ]
        if let instructions = server.instructions { result["instructions"] = .string(instructions) }
        return .success(result)
    }

    private var capabilities: JSONValue {
        var capabilities: [String: JSONValue] = ["tools": ["listChanged": false], "prompts": ["listChanged": false]]
        if prompts.completesArguments { capabilities["completions"] = [:] }
        return .object(capabilities)
    }

    private var discoverResult: [String: JSONValue] {
        var result: [String: JSONValue] = [
            "supportedVersions": .array(ProtocolVersion.modern.map(JSONValue.string)),
            "capabilities": capabilities,
            "ttlMs": .int(Self.listTTLMilliseconds),
            "cacheScope": "private",
        ]
        if let instructions = server.instructions { result["instructions"] = .string(instructions) }
        return result
    }

    private func callTool(_ params: [String: JSONValue], context: RequestContext) async throws -> [String: String] {
        guard let name = params["name"]?.stringValue else {
            throw JSONRPCError.invalidParams("tools/call needs \"name\" (a string).")
        }
        let arguments = params["arguments"]
        if let arguments, arguments != .null, arguments.objectValue == nil {
            throw JSONRPCError.invalidParams("tools/call \"arguments\" must be an object.")
        }
        return try await tools.callTool(named: name, arguments: arguments, context: context).serializedMembers
    }

    private func getPrompt(_ params: [String: JSONValue], context: RequestContext) async throws -> [String: String] {
        guard let name = params["name"]?.stringValue else {
            throw JSONRPCError.invalidParams("prompts/get needs \"name\" (a string).")
        }
        var arguments: [String: String] = [:]
        for (key, value) in params["arguments"]?.objectValue ?? [:] {
            guard let text = value.stringValue else {
                throw JSONRPCError.invalidParams("Prompt argument \"\(key)\" must be a string.")
            }
            arguments[key] = text
        }
        return Self.serializing(try await prompts.getPrompt(named: name, arguments: arguments, context: context))
    }

    private func complete(_ params: [String: JSONValue], context: RequestContext) async throws -> [String: String] {
        guard let reference = params["ref"]?.objectValue, let kind = reference["type"]?.stringValue else {
            throw JSONRPCError.invalidParams("completion/complete needs \"ref\" with a \"type\".")
        }
        guard let argument = params["argument"]?["name"]?.stringValue,
            let value = params["argument"]?["value"]?.stringValue
        else {
            throw JSONRPCError.invalidParams("completion/complete needs \"argument\" with \"name\" and \"value\".")
        }
        var completion = PromptCompletion(values: [])
        switch kind {
        case "ref/prompt":
            guard let name = reference["name"]?.stringValue else {
                throw JSONRPCError.invalidParams("A prompt reference needs \"name\".")
            }
            var arguments: [String: String] = [:]
            for (key, value) in params["context"]?["arguments"]?.objectValue ?? [:] {
                if let text = value.stringValue { arguments[key] = text }
            }
            completion = try await prompts.complete(
                prompt: name, argument: argument, value: value, arguments: arguments, context: context)
        case "ref/resource":
            // This server has no resources, so no template has variables to complete.
            break
        default:
            throw JSONRPCError.invalidParams("Unknown reference type '\(kind)'; use ref/prompt or ref/resource.")
        }
        return ["completion": completion.json.serialized()]
    }

    /// Runs a request in a task of its own, tracked so that it can be cancelled and waited for.
    private func run(
        id: RequestID, era: ProtocolEra, fingerprint: String? = nil, answers: [String: JSONValue] = [:],
        _ body: @escaping @Sendable () async throws -> [String: String]
    ) {
        let serial = state.withLock { state in
            state.nextSerial += 1
            state.inFlight[state.nextSerial] = InFlightRequest(id: id)
            return state.nextSerial
        }
        let task = Task(executorPreference: taskExecutor) {
            let result: Result<[String: String], JSONRPCError>?
            do {
                result = .success(try await body())
            } catch let error as JSONRPCError {
                result = .failure(error)
            } catch let required as InputRequired {
                var members: [String: JSONValue] = ["inputRequests": .object(required.inputRequests)]
                if let fingerprint {
                    members["requestState"] = .string(
                        self.requestStates.issue(fingerprint: fingerprint, answers: answers))
                }
                result = .success(Self.serializing(members))
            } catch is CancellationError {
                result = nil
            } catch {
                self.logger.error("A request handler failed", metadata: ["id": "\(id)", "error": "\(type(of: error))"])
                result = .failure(.internalError("the server could not complete the request."))
            }
            let stillWanted = self.state.withLock { $0.inFlight[serial].map { !$0.cancelled } ?? false }
            if stillWanted, let result { self.answer(id: id, era: era, result: result) }
            // Only now is the request done: a transport waiting for requests in flight must not see it gone
            // before its answer is written.
            self.state.withLock { _ = $0.inFlight.removeValue(forKey: serial) }
        }
        let cancelledEarly = state.withLock { state -> Bool in
            state.inFlight[serial]?.task = task
            return state.inFlight[serial]?.cancelled ?? false
        }
        if cancelledEarly { task.cancel() }
    }

    // MARK: - Outgoing messages

    /// Sends a result whose members are already JSON text; the 2026-07-28 era adds `resultType` and server info.
    private func answer(id: RequestID, era: ProtocolEra?, result: Result<[String: String], JSONRPCError>) {
        switch result {
        case .failure(let error):
            sendError(error, id: id)
        case .success(var members):
            if let era, era.isModern {
                if members["resultType"] == nil {
                    members["resultType"] = members["inputRequests"] == nil ? #""complete""# : #""input_required""#
                }
                var meta = members["_meta"].flatMap { try? JSONParser.parse($0).objectValue } ?? [:]
                meta[EnvelopeKey.serverInfo] = server.implementation
                members["_meta"] = JSONValue.object(meta).serialized()
            }
            output.send(
                #"{"jsonrpc":"2.0","id":"# + id.description + #","result":"#
                    + JSONValue.objectText(fromSerializedMembers: members) + "}")
        }
    }

    private static func serializing(_ members: [String: JSONValue]) -> [String: String] {
        members.mapValues { $0.serialized() }
    }

    /// A list result. The legacy answer is spliced from the cached array; the modern one adds cache hints.
    /// The serialized `tools` array of the era's revision, built on its first request.
    private func toolsJSON(for era: ProtocolEra) -> String {
        if let cached = toolsJSONByVersion.withLock({ $0[era.version] }) { return cached }
        let json = JSONValue.array(tools.tools(protocolVersion: era.version)).serialized()
        toolsJSONByVersion.withLock { $0[era.version] = json }
        return json
    }

    private func answerList(id: RequestID, era: ProtocolEra, key: String, json: String) {
        var result = #"{""# + key + #"":"# + json
        if era.isModern {
            let meta: JSONValue = [EnvelopeKey.serverInfo: server.implementation]
            result +=
                #","ttlMs":\#(Self.listTTLMilliseconds),"cacheScope":"private","resultType":"complete","_meta":"#
                + meta.serialized()
        }
        output.send(#"{"jsonrpc":"2.0","id":"# + id.description + #","result":"# + result + "}}")
    }

    private func sendError(_ error: JSONRPCError, id: RequestID?) {
        let idText = id?.description ?? "null"
        output.send(#"{"jsonrpc":"2.0","id":"# + idText + #","error":"# + error.json.serialized() + "}")
    }

    /// Binds a 2026-07-28 request state to the request that produced it: its method and parameters, without the
    /// per-round members. Serialization sorts keys, so equal parameters give equal text.
    static func fingerprint(method: String, params: [String: JSONValue]) -> String {
        var stable = params
        for key in ["_meta", "inputResponses", "requestState"] { stable.removeValue(forKey: key) }
        return method + "\n" + JSONValue.object(stable).serialized()
    }
}

extension MCPServer: ClientChannel {
    func notify(method: String, params: JSONValue) {
        let message: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": params]
        output.send(message.serialized())
    }

    func request(method: String, params: JSONValue) async throws -> JSONValue {
        let key = state.withLock { state in
            state.nextClientRequest += 1
            return "zoho-billing-mcp-\(state.nextClientRequest)"
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, any Error>) in
                let refusal: (any Error)? = state.withLock { state in
                    if Task.isCancelled { return CancellationError() }
                    if state.inputEnded { return ClientUnavailable() }
                    state.pendingClientRequests[key] = continuation
                    return nil
                }
                if let refusal { return continuation.resume(throwing: refusal) }
                let message: JSONValue = [
                    "jsonrpc": "2.0", "id": .string(key), "method": .string(method), "params": params,
                ]
                output.send(message.serialized())
            }
        } onCancel: {
            state.withLock { $0.pendingClientRequests.removeValue(forKey: key) }?
                .resume(throwing: CancellationError())
        }
    }
}
