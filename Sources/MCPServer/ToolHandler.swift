public import JSONCore

/// Serves `tools/list` and `tools/call`. The protocol layer knows nothing else about tools.
public protocol ToolHandler: Sendable {
    /// The tool definitions for `tools/list` in a protocol revision, in a stable order. Read once per revision:
    /// fields move between revisions (a top-level `title` from 2025-06-18 on, the title in annotations before).
    func tools(protocolVersion: String) -> [JSONValue]

    /// Runs one tool.
    ///
    /// Throw ``JSONRPCError`` for protocol faults (an unknown tool), ``InputRequired`` (from
    /// ``RequestContext/elicit(_:)``) to ask the client for input, and `CancellationError` when cancelled; failures
    /// of the tool itself belong in a result with `isError`.
    func callTool(named name: String, arguments: JSONValue?, context: RequestContext) async throws -> ToolCallResult
}
