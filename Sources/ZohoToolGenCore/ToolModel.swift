import JSONCore

/// A schema module after validation: what the renderer turns into Swift.
struct ModuleModel: Sendable, Hashable {
    var toolset: String
    var title: String
    var file: String
    var tools: [ToolModel]
}

/// One tool after validation, with every argument's destination resolved.
struct ToolModel: Sendable, Hashable {
    var name: String
    var title: String
    var description: String
    var toolset: String
    var access: String
    var method: String
    var path: String
    var usesOrganization: Bool
    var isList: Bool
    var responseKey: String?
    var readOnly: Bool
    var destructive: Bool
    var idempotent: Bool
    var openWorld: Bool
    var parameters: [ParameterModel]
    /// The input schema as clients see it, with organization_id and paging added.
    var inputSchema: JSONValue
}

/// Where one argument goes in the Zoho request.
struct ParameterModel: Sendable, Hashable {
    var argument: String
    var location: String
    var name: String
    var values: [String: String]
}

/// Arguments the generator adds, so schema files never repeat them.
enum GeneratedArguments {
    static let organizationID = "organization_id"
    static let page = "page"
    static let perPage = "per_page"
    static let defaultPerPage = 25
    static let reserved: Set<String> = [organizationID, page, perPage]

    static let organizationSchema: JSONValue = [
        "type": "string",
        "pattern": "^[0-9]+$",
        "description": "Organization to act in; defaults to the configured one (see list_organizations).",
    ]
    static let pageSchema: JSONValue = [
        "type": "integer", "minimum": 1, "default": 1, "description": "Page to fetch, from 1.",
    ]
    static let perPageSchema: JSONValue = [
        "type": "integer", "minimum": 1, "maximum": 200, "default": .int(defaultPerPage),
        "description": "Rows per page (at most 200).",
    ]
}
