import JSONCore
import ZohoBillingTools

/// The JSON shape of a tool as MCP clients see it in tools/list.
enum ToolListing {
    static func json(for tool: ToolDescriptor) -> JSONValue {
        var json: JSONValue = [
            "name": .string(tool.name),
            "title": .string(tool.title),
            "description": .string(tool.description),
            "inputSchema": tool.inputSchema,
            "annotations": [
                "title": .string(tool.title),
                "readOnlyHint": .bool(tool.annotations.readOnly),
                "destructiveHint": .bool(tool.annotations.destructive),
                "idempotentHint": .bool(tool.annotations.idempotent),
                "openWorldHint": .bool(tool.annotations.openWorld),
            ],
        ]
        if let outputSchema = tool.outputSchema, case .object(var members) = json {
            members["outputSchema"] = outputSchema
            json = .object(members)
        }
        return json
    }
}
