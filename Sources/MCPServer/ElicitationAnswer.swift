public import JSONCore

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
