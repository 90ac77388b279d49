public import JSONCore

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
