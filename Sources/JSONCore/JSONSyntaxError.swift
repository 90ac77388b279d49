/// A syntax error in JSON text, with the 1-based line and column where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line where reading stopped.
    public var line: Int
    /// The 1-based column where reading stopped.
    public var column: Int
    /// What was wrong.
    public var reason: String

    /// `line L, column C: reason`.
    public var description: String { "line \(line), column \(column): \(reason)" }
}
