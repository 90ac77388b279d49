public import JSONCore

/// Serves `prompts/list` and `prompts/get`.
public protocol PromptHandler: Sendable {
    /// The prompt definitions for `prompts/list`, in a stable order. Read once, when the server is created.
    var prompts: [JSONValue] { get }

    /// The `GetPromptResult` members (`description`, `messages`) for one prompt.
    /// - Throws: ``JSONRPCError`` for an unknown prompt or bad arguments.
    func getPrompt(named name: String, arguments: [String: String], context: RequestContext) async throws
        -> [String: JSONValue]
}
