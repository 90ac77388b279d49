import JSONCore

/// Arguments the generator adds, so schema files never repeat them.
enum GeneratedArguments {
    static let organizationID = "organization_id"
    static let page = "page"
    static let perPage = "per_page"
    static let detail = "detail"
    static let reserved: Set<String> = [organizationID, page, perPage, detail]

    // No descriptions: the names, types and bounds say it, and the server instructions explain the defaults
    // (the configured organization, 25 rows a page) once for every tool instead of once per tool.
    static let organizationSchema: JSONValue = ["type": "string", "pattern": "^[0-9]+$"]
    static let pageSchema: JSONValue = ["type": "integer", "minimum": 1]
    static let detailSchema: JSONValue = [
        "type": "string", "enum": ["compact", "full"], "description": "full: Zoho's whole rows",
    ]
    static let perPageSchema: JSONValue = ["type": "integer", "minimum": 1, "maximum": 200]
}
