import CurlHTTP
import JSONCore

/// Picks the organization for a call: the argument, else the configured default, else the only one the
/// account has. With several and none chosen it fails and lists them, rather than guessing.
package actor OrganizationResolver {
    private let configured: String?
    private let productName: String
    private let settingName: String
    private var discovered: String?

    /// - Parameters:
    ///   - productName: names the product in messages ("Zoho Billing").
    ///   - settingName: names the default-organization setting in messages.
    package init(configured: String?, productName: String, settingName: String) {
        self.configured = configured
        self.productName = productName
        self.settingName = settingName
    }

    package func resolve(explicit: String?, client: ZohoClient) async throws -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let configured, !configured.isEmpty { return configured }
        if let discovered { return discovered }
        let body = try await client.send(
            ZohoRequest(method: .get, path: "/organizations", needsOrganization: false), organizationID: nil
        ).body
        let organizations = body["organizations"]?.arrayValue ?? []
        let ids = organizations.compactMap { $0["organization_id"].flatMap(Self.idText) }
        if ids.count == 1 {
            discovered = ids[0]
            return ids[0]
        }
        if ids.isEmpty {
            throw ZohoClientError(
                "This account has no \(productName) organization. Create one in \(productName) first.")
        }
        let listing = organizations.map { organization in
            let id = organization["organization_id"].flatMap(Self.idText) ?? "?"
            let name = organization["name"]?.stringValue ?? "unnamed"
            return "\(id) (\(name))"
        }.joined(separator: ", ")
        throw ZohoClientError(
            "This account has several organizations: \(listing). Pass organization_id, or set \(settingName).")
    }

    private static func idText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.text
        default: nil
        }
    }
}
