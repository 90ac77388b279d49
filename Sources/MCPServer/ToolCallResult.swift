public import JSONCore

/// The result of `tools/call`: content blocks for the model, optional structured content, and whether the
/// call failed (a tool-level failure the model should read, not a protocol error).
public struct ToolCallResult: Sendable, Hashable {
    public var content: [JSONValue]
    public var structuredContent: JSONValue?
    public var isError: Bool
    /// Extra `_meta` members of the result.
    public var meta: [String: JSONValue]

    public init(
        content: [JSONValue], structuredContent: JSONValue? = nil, isError: Bool = false,
        meta: [String: JSONValue] = [:]
    ) {
        self.content = content
        self.structuredContent = structuredContent
        self.isError = isError
        self.meta = meta
    }

    /// A result with one text block.
    public static func text(_ text: String, structured: JSONValue? = nil, isError: Bool = false) -> ToolCallResult {
        ToolCallResult(content: [["type": "text", "text": .string(text)]], structuredContent: structured, isError: isError)
    }

    /// The result members, before era-specific members are added.
    var members: [String: JSONValue] {
        var result: [String: JSONValue] = ["content": .array(content), "isError": .bool(isError)]
        if let structuredContent { result["structuredContent"] = structuredContent }
        if !meta.isEmpty { result["_meta"] = .object(meta) }
        return result
    }
}
