package import CurlHTTP
package import JSONCore

/// One Zoho API call, before authentication and the organization header are added.
package struct ZohoRequest: Sendable, Hashable {
    package var method: HTTPMethod
    /// Path below the API root, already percent-encoded (`/invoices/903000000079426/void`).
    package var path: String
    package var query: [QueryItem]
    /// A JSON object for POST and PUT; nil sends no body.
    package var body: JSONValue?
    /// Whether the organization header must be sent.
    package var needsOrganization: Bool
    /// For readers that need a few fields of many rows (reports): the answer's list is read by position into
    /// ``ZohoResponse/rows``, one column per field.
    package var rowFields: RowFieldSelection? = nil
    /// For results passed on as Zoho's text: the only fields of the record to build (for the summary line).
    package var summaryFields: MemberFieldSelection? = nil

    package init(
        method: HTTPMethod, path: String, query: [QueryItem] = [], body: JSONValue? = nil,
        needsOrganization: Bool = true
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.needsOrganization = needsOrganization
    }

    /// A name=value pair of the query string, before encoding.
    package struct QueryItem: Sendable, Hashable {
        package var name: String
        package var value: String

        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The query string, percent-encoded, without the leading `?`.
    package var encodedQuery: String {
        query.map { PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
    }
}
