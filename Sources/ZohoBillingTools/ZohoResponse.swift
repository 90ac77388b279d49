package import JSONCore

/// A successful Zoho answer: the HTTP status and the parsed body (Zoho's envelope with `code` 0).
package struct ZohoResponse: Sendable, Hashable {
    package var status: Int
    package var body: JSONValue
    /// The body's text, when it can be copied into a result as it is (see ``VerbatimJSONObject``).
    package var verbatim: VerbatimJSONObject?

    package init(status: Int, body: JSONValue, verbatim: VerbatimJSONObject? = nil) {
        self.status = status
        self.body = body
        self.verbatim = verbatim
    }
}
