import Foundation
import JSONCore
import Logging
import MCP
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Newline-delimited JSON-RPC over stdin/stdout, read with blocking `read(2)` on a thread of its own.
///
/// The SDK's `StdioTransport` polls a non-blocking descriptor with 10 ms sleeps, which adds milliseconds to
/// every round trip. Here a dedicated thread blocks in `read`, hands over every complete line already in the
/// buffer at once (bursts such as initialize + initialized + tools/list are not stalled), and answers lines that
/// are not JSON with a parse error carrying `id: null` itself, as JSON-RPC requires (the SDK would invent an id).
///
/// `tools/list` and `tools/call` go to the ``ToolFastPath`` when one is given; everything else goes to the SDK's
/// server. At end of input the transport waits for the requests still being handled, up to a grace period, so
/// that `echo '{...}' | zoho-billing-mcp` still prints its answer, and then finishes, which ends the server.
actor LineTransport: Transport {
    nonisolated let logger: Logger
    private let inputDescriptor: Int32
    private let writer: LineWriter
    private let state: ReaderState
    private let messages: AsyncThrowingStream<Data, any Error>
    private let drainGracePeriod: Duration
    private let fastPath: ToolFastPath?
    private var started = false

    init(
        input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, drainGracePeriod: Duration = .seconds(30),
        fastPath: ToolFastPath? = nil, logger: Logger
    ) {
        self.fastPath = fastPath
        self.inputDescriptor = input
        self.writer = LineWriter(descriptor: output)
        self.logger = logger
        self.drainGracePeriod = drainGracePeriod
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        self.messages = stream
        self.state = ReaderState(continuation: continuation)
    }

    func connect() async throws {
        guard !started else { return }
        started = true
        let reader = LineReader(
            descriptor: inputDescriptor, writer: writer, state: state, logger: logger, grace: drainGracePeriod,
            fastPath: fastPath)
        let thread = Thread { reader.run() }
        thread.name = "stdin-reader"
        thread.start()
    }

    func disconnect() async {
        state.finish()
    }

    func send(_ data: Data) async throws {
        try writer.writeLine(data)
        state.responded(to: data)
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        messages
    }
}

/// Writes whole lines to a descriptor; a lock keeps lines from the reader thread and the server apart.
final class LineWriter: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    func writeLine(_ data: Data) throws {
        var bytes = [UInt8](data)
        // Compact JSON never holds a raw newline; strip a trailing one so each message is exactly one line.
        while bytes.last == 0x0A { bytes.removeLast() }
        bytes.append(0x0A)
        try lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    throw MCPError.connectionClosed
                }
                offset += written
            }
        }
    }
}

/// What the reader thread and the server share: ids still awaiting an answer, and whether input has ended.
final class ReaderState: Sendable {
    private struct Fields {
        var pending: Set<String> = []
        var inputEnded = false
        var finished = false
        var fastPathTasks: [String: Task<Void, Never>] = [:]
    }

    private let fields = Mutex(Fields())
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation

    init(continuation: AsyncThrowingStream<Data, any Error>.Continuation) {
        self.continuation = continuation
    }

    func deliver(_ line: Data, requestIDs: [String]) {
        fields.withLock { $0.pending.formUnion(requestIDs) }
        continuation.yield(line)
    }

    /// A cancelled request gets no answer, so stop waiting for it (and stop it, when it runs on the fast path).
    func forget(_ id: String) {
        var task: Task<Void, Never>?
        finishIfDrained { fields in
            fields.pending.remove(id)
            task = fields.fastPathTasks.removeValue(forKey: id)
        }
        task?.cancel()
    }

    /// Registers a request answered by the fast path; `body` runs once registration is complete.
    func startFastPath(id: String, _ body: @escaping @Sendable () async -> Void) {
        fields.withLock { fields in
            fields.pending.insert(id)
            fields.fastPathTasks[id] = Task { await body() }
        }
    }

    /// Whether a fast-path request is still wanted (false once the client cancelled it).
    func isRunning(fastPath id: String) -> Bool {
        fields.withLock { $0.fastPathTasks[id] != nil }
    }

    /// Ends a fast-path request after its answer was written (or dropped).
    func finishFastPath(id: String) {
        finishIfDrained { fields in
            fields.fastPathTasks.removeValue(forKey: id)
            fields.pending.remove(id)
        }
    }

    func responded(to message: Data) {
        guard let parsed = try? JSONParser.parse(message) else { return }
        let ids: [String]
        switch parsed {
        case .array(let elements): ids = elements.compactMap { Self.responseID($0) }
        default: ids = Self.responseID(parsed).map { [$0] } ?? []
        }
        guard !ids.isEmpty else { return }
        finishIfDrained { fields in
            for id in ids { fields.pending.remove(id) }
        }
    }

    func inputEnded() {
        finishIfDrained { $0.inputEnded = true }
    }

    func finish() {
        let shouldFinish = fields.withLock { fields in
            defer { fields.finished = true }
            return !fields.finished
        }
        if shouldFinish { continuation.finish() }
    }

    var hasPending: Bool { fields.withLock { !$0.pending.isEmpty } }

    private func finishIfDrained(_ change: (inout Fields) -> Void) {
        let shouldFinish = fields.withLock { fields in
            change(&fields)
            if fields.inputEnded && fields.pending.isEmpty && !fields.finished {
                fields.finished = true
                return true
            }
            return false
        }
        if shouldFinish { continuation.finish() }
    }

    /// The id of a response (a message with `result` or `error`), as canonical JSON text.
    private static func responseID(_ message: JSONValue) -> String? {
        guard case .object(let members) = message, members["method"] == nil,
            members["result"] != nil || members["error"] != nil, let id = members["id"]
        else { return nil }
        return id.serialized()
    }
}

/// The body of the stdin thread.
struct LineReader: Sendable {
    let descriptor: Int32
    let writer: LineWriter
    let state: ReaderState
    let logger: Logger
    let grace: Duration
    let fastPath: ToolFastPath?

    func run() {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                logger.error("Reading stdin failed", metadata: ["errno": "\(errno)"])
                break
            }
            if count == 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            var lineStart = 0
            while let newline = buffer[lineStart...].firstIndex(of: 0x0A) {
                handle(Array(buffer[lineStart..<newline]))
                lineStart = newline + 1
            }
            buffer.removeFirst(lineStart)
        }
        if !buffer.isEmpty { handle(buffer) }
        state.inputEnded()
        if state.hasPending {
            logger.debug("Input ended; waiting for requests in flight")
            let state = self.state
            let grace = self.grace
            Task.detached {
                try? await Task.sleep(for: grace)
                state.finish()
            }
        }
    }

    private func handle(_ rawLine: [UInt8]) {
        var line = rawLine
        while let last = line.last, last == 0x0D || last == 0x20 || last == 0x09 { line.removeLast() }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let data = Data(line)
        let message: JSONValue
        do {
            message = try JSONParser.parse(data)
        } catch {
            reject(code: -32700, message: "Parse error: the line is not valid JSON (\(error)).", id: .null)
            return
        }
        switch message {
        case .object(let members):
            guard members["jsonrpc"]?.stringValue == "2.0" else {
                reject(
                    code: -32600, message: "Invalid request: \"jsonrpc\" must be \"2.0\".", id: members["id"] ?? .null)
                return
            }
            if let id = members["id"], !LineReader.isValidRequestID(id) {
                // MCP ids are strings or integers; the SDK cannot answer any other id, so answer here.
                reject(code: -32600, message: "Invalid request: \"id\" must be a string or an integer.", id: .null)
                return
            }
            if let method = members["method"] {
                guard method.stringValue != nil else {
                    reject(
                        code: -32600, message: "Invalid request: \"method\" must be a string.",
                        id: members["id"] ?? .null)
                    return
                }
                if method.stringValue == "notifications/cancelled", let id = members["params"]?["requestId"] {
                    state.forget(id.serialized())
                }
                if let fastPath, let name = method.stringValue, fastPath.handles(name), let id = members["id"] {
                    answerOnFastPath(fastPath, method: name, id: id, params: members["params"])
                    return
                }
                state.deliver(data, requestIDs: members["id"].map { [$0.serialized()] } ?? [])
            } else if members["result"] != nil || members["error"] != nil {
                state.deliver(data, requestIDs: [])
            } else {
                reject(code: -32600, message: "Invalid request: no \"method\".", id: members["id"] ?? .null)
            }
        case .array(let elements) where !elements.isEmpty:
            let ids = elements.compactMap { element -> String? in
                guard element["method"] != nil else { return nil }
                return element["id"]?.serialized()
            }
            state.deliver(data, requestIDs: ids)
        default:
            reject(code: -32600, message: "Invalid request: a JSON-RPC message must be an object.", id: .null)
        }
    }

    private func answerOnFastPath(_ fastPath: ToolFastPath, method: String, id: JSONValue, params: JSONValue?) {
        let key = id.serialized()
        let state = self.state
        let writer = self.writer
        let logger = self.logger
        state.startFastPath(id: key) {
            let response = await fastPath.respond(method: method, id: id, params: params)
            defer { state.finishFastPath(id: key) }
            guard !Task.isCancelled, state.isRunning(fastPath: key) else { return }
            do {
                try writer.writeLine(Data(response.utf8))
            } catch {
                logger.debug("Could not write a response; the client has gone")
            }
        }
    }

    static func isValidRequestID(_ id: JSONValue) -> Bool {
        switch id {
        case .string: true
        case .number(let number): Int(number.text) != nil
        default: false
        }
    }

    private func reject(code: Int, message: String, id: JSONValue) {
        let response: JSONValue = [
            "jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)],
        ]
        logger.debug("Rejected a message", metadata: ["code": "\(code)"])
        try? writer.writeLine(response.serializedData())
    }
}
