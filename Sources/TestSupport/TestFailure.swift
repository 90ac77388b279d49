/// A test-support failure with a message of its own, for helpers that throw rather than record an issue.
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates a failure with this message.
    public init(_ description: String) { self.description = description }
}
