public import JSONCore

/// A server without prompts.
public struct NoPrompts: PromptHandler {
    /// Creates the handler; it has no state.
    public init() {}

    /// Always empty.
    public var prompts: [JSONValue] { [] }

    /// Refuses every name, since there are no prompts to get.
    public func getPrompt(named name: String, arguments: [String: String], context: RequestContext) async throws
        -> [String: JSONValue]
    {
        throw JSONRPCError.invalidParams("Unknown prompt '\(name)'. Call prompts/list to see the available prompts.")
    }
}
