import JSONCore

/// Thrown by ``RequestContext/elicit(_:)`` in the 2026-07-28 era: the request ends with an `input_required`
/// result, and the client retries it with the answers. Let it propagate out of the tool handler.
public struct InputRequired: Error, Sendable {
    /// The questions, keyed as ``ElicitationRequest/key``, as `InputRequests` members.
    var inputRequests: [String: JSONValue]
}
