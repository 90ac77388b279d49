package import JSONCore

/// The arguments the dispatcher itself reads, added to the input schema of the tools they apply to so that
/// clients that validate arguments let them through: `confirmation_token` on destructive tools and
/// `allow_duplicate` on guarded writes. They are never sent to Zoho.
package enum SafetyArguments {
    /// The argument that carries a preview's confirmation token.
    package static let confirmationToken = "confirmation_token"
    /// The argument that lets a guarded write repeat an identical recent one.
    package static let allowDuplicate = "allow_duplicate"

    /// The descriptor with the safety arguments that apply to it.
    package static func adding(to tool: ToolDescriptor, guardedTools: Set<String>) -> ToolDescriptor {
        var extra: [String: JSONValue] = [:]
        if tool.access == .destructive {
            extra[confirmationToken] = [
                "type": "string",
                "description": "From this tool's preview; omit on the first call",
            ]
        }
        if guardedTools.contains(tool.name) {
            extra[allowDuplicate] = [
                "type": "boolean",
                "description": "true only to repeat on purpose an identical call of the last 10 minutes",
            ]
        }
        guard !extra.isEmpty, case .object(var schema) = tool.inputSchema else { return tool }
        var properties = schema["properties"]?.objectValue ?? [:]
        for (name, property) in extra where properties[name] == nil { properties[name] = property }
        schema["properties"] = .object(properties)
        var result = tool
        result.inputSchema = .object(schema)
        result.inputSchemaJSON = result.inputSchema.serialized()
        return result
    }

    /// The arguments without the safety arguments: what goes to Zoho and what identifies a call.
    package static func stripped(_ arguments: [String: JSONValue]) -> [String: JSONValue] {
        var result = arguments
        result.removeValue(forKey: confirmationToken)
        result.removeValue(forKey: allowDuplicate)
        return result
    }
}
