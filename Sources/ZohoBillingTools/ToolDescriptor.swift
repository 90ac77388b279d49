package import CurlHTTP
package import JSONCore

/// How much a tool may change, declared per operation in the schema files.
package enum AccessLevel: String, Sendable, Hashable, Comparable, CaseIterable {
    /// GET requests and computed reports.
    case read
    /// Creates and updates that stay inside the organization and can be undone.
    case write
    /// Irreversible or visible outside the organization: deletes, voids, emails, charges, refunds.
    case destructive

    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .destructive: 2
        }
    }

    package static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs.rank < rhs.rank }
}

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

/// Where an argument travels in the Zoho request.
package enum ParameterLocation: String, Sendable, Hashable {
    case path
    case query
    case body
}

/// One argument's destination, and Zoho's spelling of its name and enum values.
package struct ParameterMapping: Sendable, Hashable {
    package var argument: String
    package var location: ParameterLocation
    package var name: String
    /// Our enum value → Zoho's value (`overdue` → `Status.OverDue`); empty when passed through unchanged.
    package var values: [String: String]

    package init(argument: String, location: ParameterLocation, name: String, values: [String: String] = [:]) {
        self.argument = argument
        self.location = location
        self.name = name
        self.values = values
    }
}

/// A toolset: the tools of one schema file.
package struct ToolsetInfo: Sendable, Hashable {
    package var name: String
    package var title: String

    package init(name: String, title: String) {
        self.name = name
        self.title = title
    }
}

/// Everything the server needs to list and run one tool; instances come from the generated catalog.
package struct ToolDescriptor: Sendable {
    package var name: String
    package var title: String
    package var description: String
    package var toolset: String
    package var access: AccessLevel
    package var method: HTTPMethod
    /// Path below the API root, with `{argument}` placeholders.
    package var path: String
    /// Whether the tool takes `organization_id` and sends the organization header.
    package var usesOrganization: Bool
    /// Whether the tool is a paginated list (takes page and per_page, reports further pages).
    package var isList: Bool
    /// The key of Zoho's envelope that holds the result, if any.
    package var responseKey: String?
    package var annotations: ToolAnnotations
    package var parameters: [ParameterMapping]
    /// The input schema as compact JSON, exactly as clients receive it.
    package var inputSchemaJSON: String
    /// The decoded input schema, used for argument validation.
    package var inputSchema: JSONValue

    package init(
        name: String,
        title: String,
        description: String,
        toolset: String,
        access: AccessLevel,
        method: HTTPMethod,
        path: String,
        usesOrganization: Bool,
        isList: Bool,
        responseKey: String?,
        annotations: ToolAnnotations,
        parameters: [ParameterMapping],
        inputSchemaJSON: String
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.toolset = toolset
        self.access = access
        self.method = method
        self.path = path
        self.usesOrganization = usesOrganization
        self.isList = isList
        self.responseKey = responseKey
        self.annotations = annotations
        self.parameters = parameters
        self.inputSchemaJSON = inputSchemaJSON
        // The generator wrote this JSON from a parsed value, so it always parses; a test checks every tool.
        self.inputSchema = (try? JSONParser.parse(inputSchemaJSON)) ?? ["type": "object"]
    }
}

/// The tools generated from `Schemas/`, in name order.
package enum ToolCatalog {
    /// Every tool, sorted by name.
    package static let allTools: [ToolDescriptor] = generatedTools

    /// Every toolset, sorted by name.
    package static let toolsets: [ToolsetInfo] = generatedToolsets

    private static let byName: [String: ToolDescriptor] = Dictionary(
        uniqueKeysWithValues: allTools.map { ($0.name, $0) })

    /// The tool of that name, if the catalog has one.
    package static func tool(named name: String) -> ToolDescriptor? { byName[name] }
}
