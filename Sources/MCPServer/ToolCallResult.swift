public import JSONCore

/// The result of `tools/call`: content blocks for the model, optional structured content, and whether the
/// call failed (a tool-level failure the model should read, not a protocol error).
public struct ToolCallResult: Sendable, Hashable {
    /// The content blocks the model reads, such as `{"type": "text", "text": …}`.
    public var content: [JSONValue]
    /// The same result as a JSON value, for clients that read structured output.
    public var structuredContent: JSONValue?
    /// `structuredContent` already serialized, if the tool has it; written as is instead of serializing again.
    public var structuredContentJSON: String?
    /// Whether the tool failed; the model sees the failure as content rather than as a protocol error.
    public var isError: Bool
    /// Extra `_meta` members of the result.
    public var meta: [String: JSONValue]

    /// Creates a result from its members.
    public init(
        content: [JSONValue], structuredContent: JSONValue? = nil, structuredContentJSON: String? = nil,
        isError: Bool = false, meta: [String: JSONValue] = [:]
    ) {
        self.content = content
        self.structuredContent = structuredContent
        self.structuredContentJSON = structuredContentJSON
        self.isError = isError
        self.meta = meta
    }

    /// A result with one text block.
    public static func text(
        _ text: String, structured: JSONValue? = nil, structuredJSON: String? = nil, isError: Bool = false
    ) -> ToolCallResult {
        ToolCallResult(
            content: [["type": "text", "text": .string(text)]], structuredContent: structured,
            structuredContentJSON: structuredJSON, isError: isError)
    }

    /// The result members as JSON text, before era-specific members are added.
    var serializedMembers: [String: String] {
        var result: [String: String] = [
            "content": JSONValue.array(content).serialized(), "isError": isError ? "true" : "false",
        ]
        if let structuredContentJSON {
            result["structuredContent"] = structuredContentJSON
        } else if let structuredContent {
            result["structuredContent"] = structuredContent.serialized()
        }
        if !meta.isEmpty { result["_meta"] = JSONValue.object(meta).serialized() }
        return result
    }
}
