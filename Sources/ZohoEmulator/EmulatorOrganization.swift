/// An organization the emulator serves, as `GET /organizations` lists it.
public struct EmulatorOrganization: Sendable, Hashable, Codable {
    /// The organization id sent in the `X-com-zoho-subscriptions-organizationid` header.
    public var id: String
    /// The organization's display name.
    public var name: String
    /// The base currency, for example `USD`.
    public var currencyCode: String
    /// The symbol printed with amounts, for example `$`.
    public var currencySymbol: String
    /// An IANA time zone; dates such as "today" and timestamps are computed in it.
    public var timeZone: String
    /// The organization's contact email.
    public var email: String
    /// Whether Zoho marks this as the user's default organization.
    public var isDefault: Bool

    /// Creates an organization description.
    public init(
        id: String,
        name: String,
        currencyCode: String = "USD",
        currencySymbol: String = "$",
        timeZone: String = "America/Los_Angeles",
        email: String = "billing@example.com",
        isDefault: Bool = false
    ) {
        self.id = id
        self.name = name
        self.currencyCode = currencyCode
        self.currencySymbol = currencySymbol
        self.timeZone = timeZone
        self.email = email
        self.isDefault = isDefault
    }

    /// The default organization: id `20071234`, "Acme Demo", USD, America/Los_Angeles.
    public static let demo = EmulatorOrganization(
        id: "20071234", name: "Acme Demo", email: "owner@acme-demo.example.com", isDefault: true)
}
