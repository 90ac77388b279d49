import JSONCore

/// Arguments the generator adds, so schema files never repeat them.
enum GeneratedArguments {
    static let organizationID = "organization_id"
    static let page = "page"
    static let perPage = "per_page"
    static let defaultPerPage = 25
    static let detail = "detail"
    static let reserved: Set<String> = [organizationID, page, perPage, detail]

    static let organizationSchema: JSONValue = [
        "type": "string",
        "pattern": "^[0-9]+$",
        "description": "Organization to act in; defaults to the configured one (see list_organizations).",
    ]
    static let pageSchema: JSONValue = [
        "type": "integer", "minimum": 1, "default": 1, "description": "Page to fetch, from 1.",
    ]
    static let detailSchema: JSONValue = [
        "type": "string", "enum": ["compact", "full"], "default": "compact",
        "description": "full: Zoho's whole rows instead of the compact ones.",
    ]
    static let perPageSchema: JSONValue = [
        "type": "integer", "minimum": 1, "maximum": 200, "default": .int(defaultPerPage),
        "description": "Rows per page (at most 200).",
    ]
}
