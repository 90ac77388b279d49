package import JSONCore

/// A successful Zoho answer: the HTTP status and the parsed body (Zoho's envelope with `code` 0).
package struct ZohoResponse: Sendable, Hashable {
    package var status: Int
    package var body: JSONValue
    /// The body's text, when it can be copied into a result as it is (see ``VerbatimJSONObject``).
    package var verbatim: VerbatimJSONObject?
    /// The list's rows, read by position, when the request asked for ``ZohoRequest/rowFields``; the body then holds
    /// the rest of the envelope.
    package var rows: JSONRowTable?

    package init(status: Int, body: JSONValue, verbatim: VerbatimJSONObject? = nil, rows: JSONRowTable? = nil) {
        self.status = status
        self.body = body
        self.verbatim = verbatim
        self.rows = rows
    }
}
