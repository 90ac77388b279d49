/// A product's tools: a value handed to the selection and the dispatcher, never a global they reach for.
package struct ToolCatalog: Sendable {
    /// Every tool, sorted by name.
    package let tools: [ToolDescriptor]
    /// Every toolset, sorted by name.
    package let toolsets: [ToolsetInfo]
    private let indexByName: [String: Int]

    package init(tools: [ToolDescriptor], toolsets: [ToolsetInfo]) {
        self.tools = tools.sorted { $0.name < $1.name }
        self.toolsets = toolsets.sorted { $0.name < $1.name }
        self.indexByName = Dictionary(
            self.tools.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The tool of that name, if the catalog has one.
    package func tool(named name: String) -> ToolDescriptor? {
        indexByName[name].map { tools[$0] }
    }

    /// This catalog with more tools and toolsets (computed tools, diagnostics); a name already present is kept.
    package func adding(_ extraTools: [ToolDescriptor], toolsets extraToolsets: [ToolsetInfo] = []) -> ToolCatalog {
        let known = Set(tools.map(\.name))
        let knownToolsets = Set(toolsets.map(\.name))
        return ToolCatalog(
            tools: tools + extraTools.filter { !known.contains($0.name) },
            toolsets: toolsets + extraToolsets.filter { !knownToolsets.contains($0.name) })
    }

    /// The tools generated at build time from the Billing schema files, with the arguments the dispatcher's
    /// safety checks read (see ``SafetyArguments``).
    package static let billing = ToolCatalog(
        tools: generatedTools.map {
            SafetyArguments.adding(to: $0, guardedTools: SafetyConfiguration.moneyMovingWrites)
        },
        toolsets: generatedToolsets)
}
