package import CurlHTTP
package import JSONCore

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
    /// The fields of a compact list row (`detail: "full"` returns Zoho's whole rows); empty when rows pass through.
    package var rowFields: [String]
    /// The total a list's summary line states, per currency.
    package var summaryTotal: SummaryTotal?
    package var annotations: ToolAnnotations
    package var parameters: [ParameterMapping]
    /// The input schema as compact JSON, exactly as clients receive it.
    package var inputSchemaJSON: String
    /// The decoded input schema, used for argument validation.
    package var inputSchema: JSONValue {
        didSet { validator = JSONSchemaValidator(schema: inputSchema) }
    }
    /// Checks arguments against the input schema.
    package private(set) var validator: JSONSchemaValidator
    /// The schema of the structured result, for tools that return a shape of their own (reports); nil for tools
    /// that return Zoho's JSON.
    package var outputSchema: JSONValue? = nil

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
        rowFields: [String] = [],
        summaryTotal: SummaryTotal? = nil,
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
        self.rowFields = rowFields
        self.summaryTotal = summaryTotal
        self.annotations = annotations
        self.parameters = parameters
        self.inputSchemaJSON = inputSchemaJSON
        // The generator wrote this JSON from a parsed value, so it always parses; a test checks every tool.
        let schema = (try? JSONParser.parse(inputSchemaJSON)) ?? ["type": "object"]
        self.inputSchema = schema
        self.validator = JSONSchemaValidator(schema: schema)
    }
}
