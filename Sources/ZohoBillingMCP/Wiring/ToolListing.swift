import JSONCore
import ZohoBillingTools

/// The JSON shape of a tool as MCP clients see it in tools/list.
///
/// Every byte here is paid for in the client's context by each conversation, so the listing says only what
/// differs from MCP's defaults: hints equal to the default are left out, and the title appears once.
enum ToolListing {
    /// The newest revision's shape, for measurements outside a session (`doctor`, `tools docs`).
    static let newestProtocolVersion = "2026-07-28"

    /// The first revision with a top-level `title` on tools; older ones carry it in the annotations only.
    static let topLevelTitleSince = "2025-06-18"

    static func json(for tool: ToolDescriptor, protocolVersion: String = newestProtocolVersion) -> JSONValue {
        let topLevelTitle = protocolVersion >= topLevelTitleSince
        var members: [String: JSONValue] = [
            "name": .string(tool.name),
            "description": .string(tool.description),
            "inputSchema": tool.inputSchema,
        ]
        var annotations = annotationsJSON(tool.annotations)
        if topLevelTitle {
            members["title"] = .string(tool.title)
        } else {
            annotations["title"] = .string(tool.title)
        }
        members["annotations"] = .object(annotations)
        if let outputSchema = tool.outputSchema {
            members["outputSchema"] = outputSchema
        }
        return .object(members)
    }

    /// The hints that differ from MCP's defaults (readOnlyHint false, destructiveHint true, idempotentHint false,
    /// openWorldHint true). destructiveHint and idempotentHint mean something only for tools that are not
    /// read-only, so a read-only tool states neither.
    static func annotationsJSON(_ hints: ToolAnnotations) -> [String: JSONValue] {
        var annotations: [String: JSONValue] = [:]
        if hints.readOnly {
            annotations["readOnlyHint"] = true
        } else {
            if !hints.destructive { annotations["destructiveHint"] = false }
            if hints.idempotent { annotations["idempotentHint"] = true }
        }
        if !hints.openWorld { annotations["openWorldHint"] = false }
        return annotations
    }
}
