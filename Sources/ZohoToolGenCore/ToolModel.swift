import JSONCore

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
    /// The fields of a compact list row; empty when rows pass through whole.
    var rowFields: [String]
    /// The money field the summary line totals per currency, and what the total means.
    var sumField: String?
    var sumLabel: String?
    var readOnly: Bool
    var destructive: Bool
    var idempotent: Bool
    var openWorld: Bool
    var parameters: [ParameterModel]
    /// The input schema as clients see it, with organization_id and paging added.
    var inputSchema: JSONValue
}
