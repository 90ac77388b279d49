/// An operation of the product's API that deliberately has no tool, and why.
///
/// The conformance tests hold the catalog against Zoho's OpenAPI operations: each one has a tool or an entry
/// here, and `tools docs` lists these in docs/tools.md.
package struct OmittedOperation: Sendable, Hashable {
    /// The HTTP method, upper case (`POST`).
    package var method: String
    /// The path below the API root as Zoho documents it, placeholders included.
    package var path: String
    /// Why no tool calls it, for people reading docs/tools.md.
    package var reason: String

    package init(_ method: String, _ path: String, reason: String) {
        self.method = method
        self.path = path
        self.reason = reason
    }

    /// The Billing operations without a tool.
    package static let billing: [OmittedOperation] = [
        OmittedOperation(
            "POST", "/invoices/{invoice_id}/attachment",
            reason: "A multipart file upload; tools take JSON arguments, not files."),
        OmittedOperation(
            "PUT", "/invoice/{invoice_id}/customfields",
            reason: "Zoho documents a bare JSON array as the body, and tools send one JSON object of arguments; "
                + "update_invoice_custom_fields sets the same values by label."),
        OmittedOperation(
            "GET", "/estimates/pdf",
            reason: "Returns a PDF of several quotes, binary data an agent cannot read; get_quote has the content."),
        OmittedOperation(
            "GET", "/estimates/print",
            reason: "Returns a printable PDF of several quotes, binary data an agent cannot read."),
    ]
}
