package import JSONCore

/// A successful Zoho answer: the HTTP status and the parsed body (Zoho's envelope with `code` 0).
package struct ZohoResponse: Sendable, Hashable {
    package var status: Int
    package var body: JSONValue
}
