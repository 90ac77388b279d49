public import JSONCore

/// Serves `prompts/list` and `prompts/get`, and completes prompt arguments for `completion/complete`.
public protocol PromptHandler: Sendable {
    /// The prompt definitions for `prompts/list`, in a stable order. Read once, when the server is created.
    var prompts: [JSONValue] { get }

    /// The `GetPromptResult` members (`description`, `messages`) for one prompt.
    /// - Throws: ``JSONRPCError`` for an unknown prompt or bad arguments.
    func getPrompt(named name: String, arguments: [String: String], context: RequestContext) async throws
        -> [String: JSONValue]

    /// Whether ``complete(prompt:argument:value:arguments:context:)`` has anything to offer; the server declares
    /// the `completions` capability only then.
    var completesArguments: Bool { get }

    /// Suggested values for one argument of a prompt, given what the person has typed so far (`value`) and the
    /// arguments already filled in. At most 100 are sent.
    /// - Throws: ``JSONRPCError`` for an unknown prompt or argument.
    func complete(
        prompt: String, argument: String, value: String, arguments: [String: String], context: RequestContext
    ) async throws -> PromptCompletion
}

extension PromptHandler {
    /// No completions unless a handler offers them.
    public var completesArguments: Bool { false }

    /// Offers nothing.
    public func complete(
        prompt: String, argument: String, value: String, arguments: [String: String], context: RequestContext
    ) async throws -> PromptCompletion {
        PromptCompletion(values: [])
    }
}

/// The answer to `completion/complete`: suggested values, and whether more exist than were sent.
public struct PromptCompletion: Sendable, Hashable {
    /// Suggested values, best first.
    public var values: [String]
    /// How many values exist in all, when known.
    public var total: Int?
    /// Whether more values exist than ``values`` holds.
    public var hasMore: Bool

    /// Creates an answer; `hasMore` defaults to whether `total` exceeds the values given.
    public init(values: [String], total: Int? = nil, hasMore: Bool? = nil) {
        self.values = values
        self.total = total
        self.hasMore = hasMore ?? ((total ?? 0) > values.count)
    }

    /// The `completion` member of the result, with at most 100 values as MCP requires.
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "values": .array(values.prefix(100).map(JSONValue.string)),
            "hasMore": .bool(hasMore || values.count > 100),
        ]
        if let total { members["total"] = .int(max(total, values.count)) }
        return .object(members)
    }
}
