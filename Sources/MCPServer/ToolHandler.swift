public import JSONCore

/// Serves `tools/list` and `tools/call`. The protocol layer knows nothing else about tools.
public protocol ToolHandler: Sendable {
    /// The tool definitions for `tools/list`, in a stable order. Read once, when the server is created.
    var tools: [JSONValue] { get }

    /// Runs one tool.
    ///
    /// Throw ``JSONRPCError`` for protocol faults (an unknown tool), ``InputRequired`` (from
    /// ``RequestContext/elicit(_:)``) to ask the client for input, and `CancellationError` when cancelled; failures
    /// of the tool itself belong in a result with `isError`.
    func callTool(named name: String, arguments: JSONValue?, context: RequestContext) async throws -> ToolCallResult
}

/// Serves `prompts/list` and `prompts/get`.
public protocol PromptHandler: Sendable {
    /// The prompt definitions for `prompts/list`, in a stable order. Read once, when the server is created.
    var prompts: [JSONValue] { get }

    /// The `GetPromptResult` members (`description`, `messages`) for one prompt.
    /// - Throws: ``JSONRPCError`` for an unknown prompt or bad arguments.
    func getPrompt(named name: String, arguments: [String: String], context: RequestContext) async throws
        -> [String: JSONValue]
}

/// A server without prompts.
public struct NoPrompts: PromptHandler {
    public init() {}

    public var prompts: [JSONValue] { [] }

    public func getPrompt(named name: String, arguments: [String: String], context: RequestContext) async throws
        -> [String: JSONValue]
    {
        throw JSONRPCError.invalidParams("Unknown prompt '\(name)'. Call prompts/list to see the available prompts.")
    }
}
