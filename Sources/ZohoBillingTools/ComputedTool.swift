package import JSONCore

/// A tool that runs Swift code instead of mapping to one Zoho request (reports, diagnostics). Its descriptor
/// declares name, access level and input schema like any other, and it goes through the same dispatcher.
package struct ComputedTool: Sendable {
    package typealias Body =
        @Sendable (_ arguments: [String: JSONValue], _ environment: ComputedToolEnvironment) async throws
        -> ToolOutcome

    package var descriptor: ToolDescriptor
    package var body: Body

    package init(descriptor: ToolDescriptor, body: @escaping Body) {
        self.descriptor = descriptor
        self.body = body
    }
}
