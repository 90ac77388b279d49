import JSONCore
import MCPServer
import ZohoBillingTools

/// Connects the protocol layer to the dispatcher: the only place that knows both MCP and the tool runtime.
struct MCPToolBridge: ToolHandler {
    let dispatcher: ToolDispatcher

    /// The `_meta` member that carries the call's execution id, as the audit log records it.
    static let executionIDKey = "zoho-billing-mcp/execution_id"

    func tools(protocolVersion: String) -> [JSONValue] {
        dispatcher.exposedTools.map { ToolListing.json(for: $0, protocolVersion: protocolVersion) }
    }

    func callTool(named name: String, arguments: JSONValue?, context: RequestContext) async throws -> ToolCallResult {
        let result: ToolDispatcher.CallResult
        do {
            result = try await dispatcher.call(name, arguments: arguments, context: MCPToolCallContext(context))
        } catch {
            // The confirmer suspended the call: hand the protocol's own signal back to it.
            throw error.signal
        }
        switch result {
        case .unknownTool(let name):
            throw JSONRPCError.invalidParams("Unknown tool '\(name)'. Call tools/list to see the available tools.")
        case .outcome(let outcome):
            var result = ToolCallResult.text(
                outcome.text, structured: outcome.builtStructured, structuredJSON: outcome.structuredJSON,
                isError: outcome.isError)
            result.meta = outcome.meta
            if let executionID = outcome.executionID {
                result.meta[MCPToolBridge.executionIDKey] = .string(executionID)
            }
            return result
        }
    }
}
