import CurlHTTP
package import JSONCore
package import Logging

/// What a tool call produced, independent of MCP: a short text for people and models, the structured result,
/// and whether the call failed.
package struct ToolOutcome: Sendable, Hashable {
    package var text: String
    package var structured: JSONValue?
    package var isError: Bool

    package init(text: String, structured: JSONValue? = nil, isError: Bool = false) {
        self.text = text
        self.structured = structured
        self.isError = isError
    }

    package static func failure(_ message: String) -> ToolOutcome {
        ToolOutcome(text: message, structured: nil, isError: true)
    }
}

/// Runs tools: checks the policy, validates arguments, resolves the organization, calls Zoho, shapes the result.
///
/// A `Sendable` value, so MCP handlers can capture it; the only shared state is the organization cache actor.
package struct ToolDispatcher: Sendable {
    package enum CallResult: Sendable {
        /// No tool of that name exists at all (a protocol error for the caller).
        case unknownTool(String)
        case outcome(ToolOutcome)
    }

    package var selection: ToolSelection
    package var client: ZohoClient
    package var organizations: OrganizationResolver
    package var logger: Logger

    package init(selection: ToolSelection, client: ZohoClient, defaultOrganizationID: String?, logger: Logger) {
        self.selection = selection
        self.client = client
        self.organizations = OrganizationResolver(configured: defaultOrganizationID)
        self.logger = logger
    }

    /// The tools this configuration exposes, in name order.
    package var exposedTools: [ToolDescriptor] { selection.exposedTools() }

    /// Runs one tool. Never throws: every failure becomes an outcome with `isError`, except an unknown name.
    package func call(_ name: String, arguments: JSONValue?) async -> CallResult {
        guard let tool = ToolCatalog.tool(named: name) else { return .unknownTool(name) }
        if let refusal = selection.refusal(for: tool) { return .outcome(.failure(refusal)) }
        let argumentObject: [String: JSONValue]
        switch arguments ?? .object([:]) {
        case .object(let members): argumentObject = members
        case .null: argumentObject = [:]
        default:
            return .outcome(.failure("Invalid arguments for \(name): arguments must be a JSON object."))
        }
        let violations = JSONSchemaValidator(schema: tool.inputSchema).validate(.object(argumentObject))
        if !violations.isEmpty {
            let error = ToolArgumentError(toolName: name, problems: violations.map(\.message))
            return .outcome(.failure(error.description))
        }
        do {
            return .outcome(try await run(tool, arguments: argumentObject))
        } catch is CancellationError {
            return .outcome(.failure("The call to \(name) was cancelled."))
        } catch {
            logger.debug("Tool failed", metadata: ["tool": "\(name)", "error": "\(error)"])
            return .outcome(.failure("\(name) failed. \(error)"))
        }
    }

    private func run(_ tool: ToolDescriptor, arguments: [String: JSONValue]) async throws -> ToolOutcome {
        let request = ToolRequestBuilder.build(tool, arguments: arguments)
        var organizationID: String? = nil
        if tool.usesOrganization {
            organizationID = try await organizations.resolve(
                explicit: arguments["organization_id"]?.stringValue, client: client)
        }
        let body = try await client.send(request, organizationID: organizationID)
        return ResultShaper.outcome(for: tool, body: body, arguments: arguments)
    }
}

/// Picks the organization for a call: the argument, else the configured default, else the only one the
/// account has. With several and none chosen it fails and lists them, rather than guessing.
package actor OrganizationResolver {
    private let configured: String?
    private var discovered: String?

    package init(configured: String?) {
        self.configured = configured
    }

    package func resolve(explicit: String?, client: ZohoClient) async throws -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let configured, !configured.isEmpty { return configured }
        if let discovered { return discovered }
        let body = try await client.send(
            ZohoRequest(method: .get, path: "/organizations", needsOrganization: false), organizationID: nil)
        let organizations = body["organizations"]?.arrayValue ?? []
        let ids = organizations.compactMap { $0["organization_id"].flatMap(Self.idText) }
        if ids.count == 1 {
            discovered = ids[0]
            return ids[0]
        }
        if ids.isEmpty {
            throw ZohoClientError("This Zoho account has no Billing organization. Create one in Zoho Billing first.")
        }
        let listing = organizations.map { organization in
            let id = organization["organization_id"].flatMap(Self.idText) ?? "?"
            let name = organization["name"]?.stringValue ?? "unnamed"
            return "\(id) (\(name))"
        }.joined(separator: ", ")
        throw ZohoClientError(
            "This account has several organizations: \(listing). Pass organization_id, or set ZOHO_ORGANIZATION_ID.")
    }

    private static func idText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.text
        default: nil
        }
    }
}
