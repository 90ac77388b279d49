/// Where the organization id travels in a request.
package enum OrganizationPlacement: Sendable, Hashable {
    /// In a header of this name (Zoho Billing).
    case header(String)
    /// In a query parameter of this name (Zoho Books).
    case query(String)
}
