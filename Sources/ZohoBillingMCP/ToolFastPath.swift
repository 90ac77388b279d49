import JSONCore
import ZohoBillingTools

/// Answers `tools/list` and `tools/call` straight from the transport, in our own JSON.
///
/// The SDK routes every result through `JSONEncoder` → `Value` → `JSONEncoder`, matching each string against a
/// data-URL regex on the way; that costs about 60 ms for our tools/list and several milliseconds per tool
/// result, and its `Value` turns every number into an `Int` or a `Double`. Handling these two methods here keeps
/// amounts digit-exact in both directions and the round trip well under a millisecond. The same handlers are
/// also registered with the SDK server (see `MCPServerFactory`), which serves them when the SDK's own stdio
/// transport is chosen; a test checks that both paths answer alike.
struct ToolFastPath: Sendable {
    let dispatcher: ToolDispatcher
    /// The `result` of tools/list, serialized once.
    let toolsListResult: String

    init(dispatcher: ToolDispatcher) {
        self.dispatcher = dispatcher
        let tools = JSONValue.array(dispatcher.exposedTools.map(ToolListing.json(for:)))
        self.toolsListResult = JSONValue.object(["tools": tools]).serialized()
    }

    /// Whether this path answers the method.
    func handles(_ method: String) -> Bool {
        method == "tools/list" || method == "tools/call"
    }

    /// The complete JSON-RPC response line for a request this path handles.
    func respond(method: String, id: JSONValue, params: JSONValue?) async -> String {
        let idText = id.serialized()
        if method == "tools/list" {
            return #"{"jsonrpc":"2.0","id":"# + idText + #","result":"# + toolsListResult + "}"
        }
        guard case .object(let members) = params ?? .null, let name = members["name"]?.stringValue else {
            return Self.error(id: id, code: -32602, message: "Invalid params: tools/call needs a \"name\" string.")
        }
        let arguments = members["arguments"]
        switch await dispatcher.call(name, arguments: arguments) {
        case .unknownTool(let name):
            return Self.error(
                id: id, code: -32602, message: "Unknown tool '\(name)'. Call tools/list to see the available tools.")
        case .outcome(let outcome):
            var result: [String: JSONValue] = [
                "content": [["type": "text", "text": .string(outcome.text)]],
                "isError": .bool(outcome.isError),
            ]
            if let structured = outcome.structured { result["structuredContent"] = structured }
            return #"{"jsonrpc":"2.0","id":"# + idText + #","result":"# + JSONValue.object(result).serialized() + "}"
        }
    }

    static func error(id: JSONValue, code: Int, message: String) -> String {
        let response: JSONValue = [
            "jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)],
        ]
        return response.serialized()
    }
}
