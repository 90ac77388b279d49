/// A toolset: the tools of one schema file.
package struct ToolsetInfo: Sendable, Hashable {
    package var name: String
    package var title: String

    package init(name: String, title: String) {
        self.name = name
        self.title = title
    }
}
