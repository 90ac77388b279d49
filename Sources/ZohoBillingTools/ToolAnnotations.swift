/// MCP tool annotations, derived from the access level and method at generation time.
///
/// Every hint is held here; the listing sends only those that differ from MCP's defaults (readOnlyHint false,
/// destructiveHint true, idempotentHint false, openWorldHint true), so a reader of tools/list must apply them.
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
