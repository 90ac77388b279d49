#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Customer extras: stored cards, bank accounts, lookup by Zoho CRM id, and the list filters' text matching

extension OrganizationData {
    /// Offsets from a customer's id to the ids of the card and bank account the sandbox seeds for it. Seeded ids
    /// are derived rather than drawn from `nextID()`, so adding them moves no id that tests and docs rely on.
    static let seededCardOffset: Int64 = 500_000_000
    static let seededBankAccountOffset: Int64 = 600_000_000

    /// The Zoho CRM account and contact ids of the one CRM-linked customer in the sandbox (Northwind Bistro).
    static let seededCRMAccountID = "5725767000000412001"
    static let seededCRMContactID = "5725767000000412011"

    /// Gives every customer seeded so far a stored card and a bank account, and links the first one to Zoho CRM.
    mutating func seedPaymentMethods(today: CalendarDate) {
        let created = stamp(today.adding(days: -90))
        let gateways = ["stripe", "authorize_net", "braintree"]
        for (index, customer) in customers.all.enumerated() {
            guard let customerID = customer.string("customer_id"), let number = Int64(customerID) else { continue }
            let cardID = String(number + Self.seededCardOffset)
            let lastFour = String(4242 + index * 1111).suffix(4)
            cards[cardID] = [
                "card_id": .string(cardID),
                "customer_id": .string(customerID),
                "status": "active",
                "last_four_digits": .string(String(lastFour)),
                "expiry_month": .int(1 + (index * 5) % 12),
                "expiry_year": .int(today.components.year + 2 + index % 3),
                "payment_gateway": .string(gateways[index % gateways.count]),
                "first_name": customer["first_name"] ?? .null,
                "last_name": customer["last_name"] ?? .null,
                "street": customer["billing_address"]?.objectValue?["street"] ?? .null,
                "city": customer["billing_address"]?.objectValue?["city"] ?? .null,
                "state": customer["billing_address"]?.objectValue?["state"] ?? .null,
                "zip": customer["billing_address"]?.objectValue?["zip"] ?? .null,
                "country": customer["billing_address"]?.objectValue?["country"] ?? .null,
                "created_time": .string(created),
                "updated_time": .string(created),
            ]
            let accountID = String(number + Self.seededBankAccountOffset)
            bankAccounts[accountID] = [
                "account_id": .string(accountID),
                "customer_id": .string(customerID),
                "customer_name": customer["display_name"] ?? .null,
                "gateway": "authorize_net",
                "last_four_digits": .string(String(String(1000 + index * 37).suffix(4))),
                "status": "active",
                "created_time": .string(created),
                "last_modified_time": .string(created),
                "created_by_id": "903000000000001",
                "created_by_name": "Demo Owner",
            ]
        }
        if let first = customers.all.first?.string("customer_id") {
            customers[first]?["zcrm_account_id"] = .string(Self.seededCRMAccountID)
            customers[first]?["zcrm_contact_id"] = .string(Self.seededCRMContactID)
        }
    }

    /// The customer's stored card named in the URL, or 404.
    func card(customerID: String, cardID: String) throws -> JSONObject {
        _ = try customer(customerID)
        guard let row = cards[cardID], row.string("customer_id") == customerID else {
            throw APIError.notFound("Card")
        }
        return row
    }

    /// A card named in a request body, which must belong to `customerID`; 400 otherwise.
    func referencedCard(_ cardID: String, customerID: String, field: String = "card_id") throws -> JSONObject {
        guard let row = cards[cardID], row.string("customer_id") == customerID else {
            throw APIError.unknownReference("The card", field: field)
        }
        return row
    }

    // MARK: Handlers

    mutating func listCards(_ context: inout RequestContext) throws -> APIReply {
        let customerID = context.parameter(0)
        _ = try customer(customerID)
        let options = try context.listOptions(sortColumns: ["created_time", "expiry_year"])
        let rows = cards.all.filter { $0.string("customer_id") == customerID && $0.string("status") == "active" }
        return listReply(
            key: "cards", rows: rows, options: options, appliedFilter: "Status.Active", reportName: "Cards")
    }

    mutating func getCard(_ context: inout RequestContext) throws -> APIReply {
        let row = try card(customerID: context.parameter(0), cardID: context.parameter(1))
        return .ok("success", ["card": .object(row.publicView)])
    }

    mutating func deleteCard(_ context: inout RequestContext) throws -> APIReply {
        let customerID = context.parameter(0)
        let cardID = context.parameter(1)
        _ = try card(customerID: customerID, cardID: cardID)
        cards[cardID] = nil
        // Subscriptions that charged this card keep running but can no longer collect automatically.
        for subscription in subscriptions.all where subscription["card"]?.objectValue?.string("card_id") == cardID {
            guard let id = subscription.string("subscription_id") else { continue }
            subscriptions[id]?["card"] = nil
            subscriptions[id]?["updated_time"] = .string(context.timestamp)
            addActivity(id, "Card removed from the customer", timestamp: context.timestamp)
        }
        return .ok("The credit card has been deleted.")
    }

    mutating func getBankAccount(_ context: inout RequestContext) throws -> APIReply {
        let customerID = context.parameter(0)
        _ = try customer(customerID)
        guard let row = bankAccounts[context.parameter(1)], row.string("customer_id") == customerID else {
            throw APIError.notFound("Bank account")
        }
        // Zoho answers this single-account read with a one-element `bank_accounts` array.
        return .ok("success", ["bank_accounts": [.object(row.publicView)]])
    }

    mutating func getCustomerByReference(_ context: inout RequestContext) throws -> APIReply {
        let reference = context.parameter(0)
        let type = context.query("reference_id_type") ?? "zcrm_account_id"
        guard type == "zcrm_account_id" || type == "zcrm_contact_id" else {
            throw APIError.invalid("reference_id_type", "Allowed values are zcrm_account_id and zcrm_contact_id.")
        }
        guard let row = customers.all.first(where: { $0.string(type) == reference }) else {
            throw APIError.notFound("Customer")
        }
        return .ok("success", ["customer": .object(customerView(row))])
    }
}

// MARK: - Text filters of list calls (`*_contains`, date ranges)

extension RequestContext {
    /// Whether `row[field]` contains the query parameter's text, ignoring case; true when the parameter is absent.
    func contains(_ parameter: String, in row: JSONObject, field: String) -> Bool {
        guard let wanted = query(parameter)?.lowercased() else { return true }
        return row.string(field)?.lowercased().contains(wanted) == true
    }

    /// The `yyyy-mm-dd` value of a date query parameter.
    /// - Throws: HTTP 400 / 4 when it is not a date.
    func dateQuery(_ parameter: String) throws -> CalendarDate? {
        guard let text = query(parameter) else { return nil }
        guard let date = CalendarDate(parsing: text) else {
            throw APIError.invalid(parameter, "Use the format yyyy-mm-dd.")
        }
        return date
    }

    /// A test for `row[field]` against the `<prefix>_start` and `<prefix>_end` parameters (both inclusive).
    func dateRange(_ prefix: String, field: String) throws -> @Sendable (JSONObject) -> Bool {
        let start = try dateQuery("\(prefix)_start")
        let end = try dateQuery("\(prefix)_end")
        if let start, let end, end < start {
            throw APIError.invalid("\(prefix)_end", "The end date cannot be before the start date.")
        }
        return { row in
            guard start != nil || end != nil else { return true }
            guard let date = row.string(field).flatMap(CalendarDate.init(parsing:)) else { return false }
            if let start, date < start { return false }
            if let end, date > end { return false }
            return true
        }
    }
}
