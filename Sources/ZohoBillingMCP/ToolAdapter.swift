import MCP
import ZohoBillingTools

/// Presents catalog tools and outcomes in the MCP SDK's types. The only place that knows both.
enum ToolAdapter {
    static func tool(_ descriptor: ToolDescriptor) -> Tool {
        Tool(
            name: descriptor.name,
            title: descriptor.title,
            description: descriptor.description,
            inputSchema: ValueBridge.value(from: descriptor.inputSchema),
            annotations: Tool.Annotations(
                title: descriptor.title,
                readOnlyHint: descriptor.annotations.readOnly,
                destructiveHint: descriptor.annotations.destructive,
                idempotentHint: descriptor.annotations.idempotent,
                openWorldHint: descriptor.annotations.openWorld
            )
        )
    }

    static func result(_ outcome: ToolOutcome) -> CallTool.Result {
        CallTool.Result(
            content: [.text(text: outcome.text, annotations: nil, _meta: nil)],
            structuredContent: outcome.structured.map(ValueBridge.value(from:)),
            isError: outcome.isError
        )
    }
}
