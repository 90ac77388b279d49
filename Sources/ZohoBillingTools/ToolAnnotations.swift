/// MCP tool annotations, derived from the access level and method at generation time.
package struct ToolAnnotations: Sendable, Hashable {
    package var readOnly: Bool
    package var destructive: Bool
    package var idempotent: Bool
    package var openWorld: Bool

    package init(readOnly: Bool, destructive: Bool, idempotent: Bool, openWorld: Bool) {
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
        self.openWorld = openWorld
    }
}
