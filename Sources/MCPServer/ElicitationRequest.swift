public import JSONCore

/// A question for the person at the client, as a form.
public struct ElicitationRequest: Sendable, Hashable {
    /// Names the question within one request; answers come back under it in the modern era.
    public var key: String
    /// What to ask, shown to the person.
    public var message: String
    /// A flat JSON Schema object of primitive fields, as MCP's form elicitation allows.
    public var requestedSchema: JSONValue

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

/// How the person answered.
public enum ElicitationAnswer: Sendable, Hashable {
    /// Accepted, with the form's content.
    case accepted([String: JSONValue])
    /// Said no.
    case declined
    /// Dismissed the question without choosing.
    case cancelled
    /// The client cannot ask (it declared no form elicitation, or its protocol revision has none), or failed to.
    case unavailable(String)

    /// Reads an `ElicitResult` (`action` and `content`).
    init(result: JSONValue) {
        switch result["action"]?.stringValue {
        case "accept": self = .accepted(result["content"]?.objectValue ?? [:])
        case "decline": self = .declined
        case "cancel": self = .cancelled
        default: self = .unavailable("the client's answer had no valid action")
        }
    }
}

/// Thrown by ``RequestContext/elicit(_:)`` in the 2026-07-28 era: the request ends with an `input_required`
/// result, and the client retries it with the answers. Let it propagate out of the tool handler.
public struct InputRequired: Error, Sendable {
    /// The questions, keyed as ``ElicitationRequest/key``, as `InputRequests` members.
    var inputRequests: [String: JSONValue]
}
