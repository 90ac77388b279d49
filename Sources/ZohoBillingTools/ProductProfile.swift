/// What differs between the Zoho products this server can front: where the API lives, how a request names its
/// organization, which tools exist and which are on by default, and the OAuth scopes they need.
///
/// Everything product-specific that the tool runtime and the Zoho client need comes from here, so a second
/// product is a second profile rather than a fork.
package struct ProductProfile: Sendable {
    /// The name users pick the product by (`billing`).
    package var name: String
    /// The product's name in messages (`Zoho Billing`).
    package var displayName: String
    /// The API's path below the data centre's API origin (`/billing/v1`).
    package var apiRootPath: String
    /// How a request says which organization it is for.
    package var organizationPlacement: OrganizationPlacement
    /// The product's tools.
    package var catalog: ToolCatalog
    /// The toolsets `default` stands for.
    package var defaultToolsets: [String]
    /// Toolsets that are on whatever the settings say (the organization lookup every call relies on).
    package var alwaysOnToolsets: [String]
    /// The OAuth scope service prefix (`ZohoSubscriptions`).
    package var scopeService: String
    /// The scope modules the tools use (`invoices`, `customers`, …).
    package var scopeModules: [String]
    /// Tools that run Swift code rather than one request (the reports); their descriptors are in ``catalog``.
    package var computedTools: [ComputedTool]

    package init(
        name: String, displayName: String, apiRootPath: String, organizationPlacement: OrganizationPlacement,
        catalog: ToolCatalog, defaultToolsets: [String], alwaysOnToolsets: [String], scopeService: String,
        scopeModules: [String], computedTools: [ComputedTool] = []
    ) {
        self.name = name
        self.displayName = displayName
        self.apiRootPath = apiRootPath
        self.organizationPlacement = organizationPlacement
        self.catalog = catalog
        self.defaultToolsets = defaultToolsets
        self.alwaysOnToolsets = alwaysOnToolsets
        self.scopeService = scopeService
        self.scopeModules = scopeModules
        self.computedTools = computedTools
    }

    /// The least-privilege scopes for an access level: `.READ` for reads, `.ALL` once tools may change data.
    package func scopes(for access: AccessLevel) -> [String] {
        let suffix = access == .read ? "READ" : "ALL"
        return scopeModules.map { "\(scopeService).\($0).\(suffix)" }
    }

    /// Zoho Billing (formerly Zoho Subscriptions).
    package static let billing = ProductProfile(
        name: "billing",
        displayName: "Zoho Billing",
        apiRootPath: "/billing/v1",
        organizationPlacement: .header("X-com-zoho-subscriptions-organizationid"),
        catalog: ToolCatalog.billing.adding(
            (ReportTools.all + [APIUsageTool.tool]).map(\.descriptor), toolsets: [ReportTools.toolset]),
        defaultToolsets: ["customers", "contact_persons", "invoices", "subscriptions", "payments", "reports"],
        alwaysOnToolsets: ["organizations"],
        scopeService: "ZohoSubscriptions",
        scopeModules: [
            "settings", "customers", "invoices", "subscriptions", "payments", "plans", "addons", "coupons", "products",
            "items", "creditnotes", "quotes", "hostedpages", "webhooks",
        ],
        computedTools: ReportTools.all + [APIUsageTool.tool]
    )
}
