package import JSONCore

/// What a tool call produced, independent of MCP: a short text for people and models, the structured result,
/// and whether the call failed.
package struct ToolOutcome: Sendable, Hashable {
    package var text: String
    /// The structured result as built by the producer; nil when only its JSON text exists.
    package private(set) var builtStructured: JSONValue?
    /// The structured result. A producer that passes Zoho's text on without building the tree (a `get_*` read)
    /// leaves only ``structuredJSON``; the value is then parsed from it on first use here, which only the command
    /// line, the redactor (when a secret shows up) and tests need.
    package var structured: JSONValue? {
        get { builtStructured ?? structuredJSON.flatMap { try? JSONParser.parse($0) } }
        set { builtStructured = newValue }
    }
    /// `structured` as compact JSON, when the producer serialized it anyway (for the text); saves writing a
    /// large result a second time.
    package var structuredJSON: String?
    package var isError: Bool
    /// Facts about the call itself rather than its result (the requests it sent to Zoho, for example); MCP carries
    /// them in the result's `_meta`.
    package var meta: [String: JSONValue] = [:]
    /// The audit log's id for the call that produced this outcome, returned in the result's `_meta`.
    package var executionID: String?

    package init(text: String, structured: JSONValue? = nil, structuredJSON: String? = nil, isError: Bool = false) {
        self.text = text
        self.builtStructured = structured
        self.structuredJSON = structuredJSON
        self.isError = isError
    }

    /// The `_meta` member that counts the requests a call sent to Zoho (retries and token refreshes included).
    package static let zohoRequestsKey = "zoho-billing-mcp/zoho_requests"

    package static func failure(_ message: String) -> ToolOutcome {
        ToolOutcome(text: message, structured: nil, isError: true)
    }
}
