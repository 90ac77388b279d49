/// Arguments that do not match the tool's input schema; lists every problem.
package struct ToolArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
    package var toolName: String
    package var problems: [String]

    package var description: String {
        let intro = "Invalid arguments for \(toolName):"
        if problems.count == 1 { return "\(intro) \(problems[0])" }
        return ([intro] + problems.map { "- \($0)" }).joined(separator: "\n")
    }
}
