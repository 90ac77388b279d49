#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// Everything one organization holds. Resource handlers live in `OrganizationData+<Family>.swift`.
///
/// Rows are stored as JSON objects so that fields are echoed exactly as clients sent them; keys starting with `_`
/// are private bookkeeping and never leave the emulator.
///
/// `Codable` so the sandbox can keep its state in a file (see `EmulatorSnapshot.swift`): every stored property,
/// every ``Table`` included, is saved and restored without further code.
struct OrganizationData: Codable {
    /// Where ids start. Each organization counts from its own base, so ids never collide across organizations.
    static let idBase: Int64 = 903_000_000_010_000

    let info: EmulatorOrganization
    let timeZone: TimeZone
    private var lastID: Int64
    private var numberCounters: [String: Int] = [:]

    var customers = Table()
    var contactPersons = Table()
    /// Customers' stored cards and bank accounts (OrganizationData+CustomerExtras.swift).
    var cards = Table()
    var bankAccounts = Table()
    /// Invoice custom field definitions keyed by `customfield_id` (OrganizationData+InvoiceExtras.swift).
    var invoiceCustomFields = Table()
    var invoices = Table()
    var subscriptions = Table()
    var payments = Table()
    var refunds = Table()
    var creditNotes = Table()
    /// Quotes (Zoho's estimates), and their comments and history entries keyed by `comment_id`.
    var quotes = Table()
    var quoteComments = Table()
    /// Plans keyed by `plan_code`.
    var plans = Table()
    /// Addons keyed by `addon_code`.
    var addons = Table()
    /// Coupons keyed by `coupon_code`.
    var coupons = Table()
    /// Products keyed by `product_id`; `productID` is the one the demo plans belong to.
    var products = Table()
    /// Invoice items keyed by `item_id`.
    var items = Table()
    /// Recent activities per subscription id, oldest first.
    var activities: [String: [JSONObject]] = [:]
    /// Plan changes scheduled for the end of term, per subscription id.
    var scheduledChanges: [String: JSONObject] = [:]
    /// Hosted pages keyed by `hostedpage_id`.
    var hostedPages = Table()
    /// Unbilled charges keyed by `unbilled_charge_id`.
    var unbilledCharges = Table()
    /// The event log, keyed by `event_id`; `eventCount` numbers events apart from `nextID` so seeded ids stay put.
    var events = Table()
    var eventCount = 0
    /// Tax settings and the cancellation reasons (`/settings/...`).
    var taxes = Table()
    var taxExemptions = Table()
    var taxAuthorities = Table()
    var churnMessageSettings: JSONObject = [:]
    var productID = ""
    var productName = "Acme Cloud"

    init(info: EmulatorOrganization, index: Int) {
        self.info = info
        self.timeZone = TimeZone(identifier: info.timeZone) ?? TimeZone(secondsFromGMT: 0)!
        self.lastID = OrganizationData.idBase + Int64(index) * 1_000_000_000
    }

    /// A new 15-digit id, unique within the organization and predictable across runs.
    mutating func nextID() -> String {
        lastID += 1
        return String(lastID)
    }

    /// The next document number for a series, for example `INV-00001`.
    mutating func nextNumber(_ prefix: String) -> String {
        let next = (numberCounters[prefix] ?? 0) + 1
        numberCounters[prefix] = next
        return "\(prefix)-\(pad(next, 5))"
    }

    /// The org's currency fields, merged into money-bearing resources.
    var currencyFields: JSONObject {
        ["currency_code": .string(info.currencyCode), "currency_symbol": .string(info.currencySymbol)]
    }

    /// The organization as `GET /organizations` describes it.
    var organizationView: JSONObject {
        [
            "organization_id": .string(info.id),
            "name": .string(info.name),
            "contact_name": "Demo Owner",
            "email": .string(info.email),
            "is_default_org": .bool(info.isDefault),
            "language_code": "en",
            "fiscal_year_start_month": 0,
            "account_created_date": "2024-01-02",
            "time_zone": .string(info.timeZone),
            "is_org_active": true,
            "currency_code": .string(info.currencyCode),
            "currency_symbol": .string(info.currencySymbol),
            "currency_format": "###,##0.00",
            "price_precision": 2,
        ]
    }
}
