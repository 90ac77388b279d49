/// A schema module after validation: what the renderer turns into Swift.
struct ModuleModel: Sendable, Hashable {
    var toolset: String
    var title: String
    var file: String
    var tools: [ToolModel]
}
