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
