public import JSONCore

/// A question for the person at the client, as a form.
public struct ElicitationRequest: Sendable, Hashable {
    /// Names the question within one request; answers come back under it in the modern era.
    public var key: String
    /// What to ask, shown to the person.
    public var message: String
    /// A flat JSON Schema object of primitive fields, as MCP's form elicitation allows.
    public var requestedSchema: JSONValue

    /// Creates a question from its members.
    public init(key: String, message: String, requestedSchema: JSONValue) {
        self.key = key
        self.message = message
        self.requestedSchema = requestedSchema
    }

    /// The `elicitation/create` params; `mode` is sent only to revisions that know it.
    func params(includingMode: Bool) -> JSONValue {
        var members: [String: JSONValue] = ["message": .string(message), "requestedSchema": requestedSchema]
        if includingMode { members["mode"] = "form" }
        return .object(members)
    }
}
