#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Customers: /customers, /customers/{id}, mark active/inactive, /transactions

extension OrganizationData {
    /// Fields a client may set on a customer (the OAS create/update request, minus tax-regime specifics).
    static let customerFields: Set<String> = [
        "display_name", "salutation", "first_name", "last_name", "email", "company_name", "phone", "mobile",
        "department", "designation", "website", "billing_address", "shipping_address", "payment_terms",
        "payment_terms_label", "currency_code", "notes", "is_portal_enabled", "custom_fields", "tags", "twitter",
        "facebook", "skype", "ach_supported", "is_taxable", "tax_id", "default_templates", "gst_no",
        "gst_treatment", "vat_treatment", "place_of_contact",
        "vat_reg_no", "tax_authority_id", "tax_authority_name", "tax_exemption_id", "tax_treatment", "tax_reg_no",
    ]

    static let customerSortColumns: Set<String> = [
        "display_name", "first_name", "last_name", "email", "company_name", "outstanding", "created_time",
        "updated_time",
    ]

    /// The customer named in the URL, or 404.
    func customer(_ id: String) throws -> JSONObject {
        guard let row = customers[id] else { throw APIError.notFound("Customer") }
        return row
    }

    /// The customer named in a request body, or 400.
    func referencedCustomer(_ id: String, field: String = "customer_id") throws -> JSONObject {
        guard let row = customers[id] else { throw APIError.unknownReference("The customer", field: field) }
        return row
    }

    /// Amount still owed across the customer's open invoices.
    func outstanding(customerID: String) -> Decimal {
        invoices.all.filter { $0.string("customer_id") == customerID && isOpen($0) }
            .reduce(Decimal(0)) { $0 + $1.amount("balance") }
    }

    /// Credits the customer can still apply: open credit-note balances plus unapplied payment amounts.
    func unusedCredits(customerID: String) -> Decimal {
        let credits = creditNotes.all.filter { $0.string("customer_id") == customerID }
            .reduce(Decimal(0)) { $0 + $1.amount("balance") }
        let unapplied = payments.all.filter { $0.string("customer_id") == customerID }
            .reduce(Decimal(0)) { $0 + $1.amount("unused_amount") }
        return credits + unapplied
    }

    /// The full customer as `GET /customers/{id}` returns it.
    func customerView(_ row: JSONObject) -> JSONObject {
        var view = row.publicView
        let id = row.string("customer_id") ?? ""
        view["outstanding"] = .decimal(outstanding(customerID: id))
        view["unused_credits"] = .decimal(unusedCredits(customerID: id))
        view["contactpersons"] = .array(
            contactPersons.all.filter { $0.string("customer_id") == id }.map {
                .object(["contactperson_id": $0["contactperson_id"] ?? .null])
            })
        return view
    }

    /// Every customer's outstanding amount and unused credits, in one pass over invoices, credit notes and
    /// payments: a list page would otherwise scan all of them once per customer.
    func customerBalances() -> [String: (outstanding: Decimal, credits: Decimal)] {
        var balances: [String: (outstanding: Decimal, credits: Decimal)] = [:]
        for invoice in invoices.all where isOpen(invoice) {
            guard let id = invoice.string("customer_id") else { continue }
            balances[id, default: (0, 0)].outstanding += invoice.amount("balance")
        }
        for note in creditNotes.all {
            guard let id = note.string("customer_id") else { continue }
            balances[id, default: (0, 0)].credits += note.amount("balance")
        }
        for payment in payments.all {
            guard let id = payment.string("customer_id") else { continue }
            balances[id, default: (0, 0)].credits += payment.amount("unused_amount")
        }
        return balances
    }

    /// The shorter row `GET /customers` returns, with balances worked out beforehand (``customerBalances()``).
    func customerRow(_ row: JSONObject, balances: [String: (outstanding: Decimal, credits: Decimal)]) -> JSONObject {
        let keys: Set<String> = [
            "customer_id", "display_name", "salutation", "first_name", "last_name", "email", "company_name",
            "phone", "mobile", "website", "department", "designation", "currency_code", "status", "created_time",
            "updated_time", "is_portal_enabled", "payment_terms", "payment_terms_label",
        ]
        var view = row.filter { keys.contains($0.key) }
        let id = row.string("customer_id") ?? ""
        view["outstanding"] = .decimal(balances[id]?.outstanding ?? 0)
        view["unused_credits"] = .decimal(balances[id]?.credits ?? 0)
        view["is_gapps_customer"] = false
        view["has_attachment"] = false
        return view
    }

    /// The compact customer embedded in subscriptions.
    func customerSummary(_ row: JSONObject) -> JSONObject {
        let keys: Set<String> = [
            "customer_id", "display_name", "salutation", "first_name", "last_name", "email", "company_name",
            "billing_address", "shipping_address", "payment_terms", "payment_terms_label",
        ]
        return row.filter { keys.contains($0.key) }
    }

    /// Validates a create body and stores the customer (shared with inline customers on subscriptions).
    mutating func insertCustomer(_ body: JSONObject, context: RequestContext, label: String = "") throws -> JSONObject {
        let displayName = try body.requiredString("display_name", label: "\(label)display_name")
        let email = try body.requiredString("email", label: "\(label)email")
        guard isPlausibleEmail(email) else { throw APIError.invalid("\(label)email", "Pass an email address.") }
        guard displayName.count <= 200 else {
            throw APIError.invalid("\(label)display_name", "Use at most 200 characters.")
        }
        if let terms = try body.optionalInt("payment_terms", label: "\(label)payment_terms"), terms < 0 {
            throw APIError.invalid("\(label)payment_terms")
        }
        let id = nextID()
        var row: JSONObject = [
            "customer_id": .string(id),
            "status": "active",
            "payment_terms": 0,
            "payment_terms_label": "Due on Receipt",
            "is_portal_enabled": false,
            "created_time": .string(context.timestamp),
            "updated_time": .string(context.timestamp),
            "source": "api",
        ]
        row.merge(currencyFields, fields: ["currency_code"])
        row.merge(body, fields: Self.customerFields)
        // Terms without a label get the one Zoho's web app would show.
        if body["payment_terms_label"] == nil, let terms = row["payment_terms"]?.numberValue?.intValue {
            row["payment_terms_label"] = .string(terms == 0 ? "Due on Receipt" : "Net \(terms)")
        }
        customers[id] = row
        return row
    }

    // MARK: Handlers

    mutating func listCustomers(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.customerSortColumns)
        let (applied, status) = try context.filter(
            prefix: "Status",
            values: [
                ("All", "all"), ("Active", "active"), ("Inactive", "inactive"), ("Gapps", "none"), ("Crm", "crm"),
                ("NonSubscribers", "nonsubscribers"), ("PortalEnabled", "portal"),
                ("PortalDisabled", "noportal"),
            ])
        let subscriberIDs = Set(subscriptions.all.compactMap { $0.string("customer_id") })
        var rows = customers.all.filter { row in
            switch status {
            case "active", "inactive": return row.string("status") == status
            case "none": return false
            case "crm": return row.string("zcrm_account_id") != nil || row.string("zcrm_contact_id") != nil
            case "nonsubscribers": return !subscriberIDs.contains(row.string("customer_id") ?? "")
            case "portal": return row["is_portal_enabled"]?.lenientBoolValue == true
            case "noportal": return row["is_portal_enabled"]?.lenientBoolValue != true
            default: return true
            }
        }
        if let search = context.query("search_text")?.lowercased() {
            rows = rows.filter { row in
                ["display_name", "email", "company_name", "first_name", "last_name"].contains {
                    row.string($0)?.lowercased().contains(search) == true
                }
            }
        }
        if let email = context.query("email")?.lowercased() {
            rows = rows.filter { $0.string("email")?.lowercased() == email }
        }
        rows = rows.filter {
            context.contains("display_name_contains", in: $0, field: "display_name")
                && context.contains("email_contains", in: $0, field: "email")
                && context.contains("company_name_contains", in: $0, field: "company_name")
        }
        return listReply(
            key: "customers", rows: rows.map { [balances = customerBalances()] in customerRow($0, balances: balances) },
            options: options, appliedFilter: applied,
            reportName: "Customers")
    }

    mutating func createCustomer(_ context: inout RequestContext) throws -> APIReply {
        let row = try insertCustomer(context.body, context: context)
        return .created("The customer has been added.", ["customer": .object(customerView(row))])
    }

    mutating func getCustomer(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["customer": .object(customerView(try customer(context.parameter(0))))])
    }

    mutating func updateCustomer(_ context: inout RequestContext) throws -> APIReply {
        var row = try customer(context.parameter(0))
        let body = context.body
        if body["display_name"] != nil { _ = try body.requiredString("display_name") }
        if body["email"] != nil {
            let email = try body.requiredString("email")
            guard isPlausibleEmail(email) else { throw APIError.invalid("email", "Pass an email address.") }
        }
        row.merge(body, fields: Self.customerFields)
        row["updated_time"] = .string(context.timestamp)
        customers[context.parameter(0)] = row
        return .ok("Customer information has been saved.", ["customer": .object(customerView(row))])
    }

    mutating func deleteCustomer(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try customer(id)
        let hasTransactions =
            invoices.all.contains { $0.string("customer_id") == id }
            || payments.all.contains { $0.string("customer_id") == id }
            || subscriptions.all.contains { $0.string("customer_id") == id }
        if hasTransactions {
            throw APIError.state(
                "The customer cannot be deleted because subscriptions, invoices or payments are associated with it. "
                    + "Mark the customer as inactive instead."
            )
        }
        customers[id] = nil
        for person in contactPersons.all where person.string("customer_id") == id {
            contactPersons[person.string("contactperson_id") ?? ""] = nil
        }
        return .ok("The customer has been deleted.")
    }

    mutating func markCustomer(_ context: inout RequestContext, active: Bool) throws -> APIReply {
        var row = try customer(context.parameter(0))
        row["status"] = .string(active ? "active" : "inactive")
        row["updated_time"] = .string(context.timestamp)
        customers[context.parameter(0)] = row
        return .ok("The customer has been marked as \(active ? "active" : "inactive").")
    }

    mutating func listTransactions(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: ["date", "amount", "type"], defaultSort: "date")
        let (applied, kind) = try context.filter(
            prefix: "TransactionType",
            values: [
                ("All", "all"), ("INVOICE", "invoice"), ("PAYMENT", "payment"), ("CREDIT", "credit"),
                ("REFUND", "refund"),
            ])
        let customerID = context.query("customer_id")
        if let customerID { _ = try referencedCustomer(customerID) }
        func belongs(_ row: JSONObject) -> Bool {
            customerID == nil || row.string("customer_id") == customerID
        }
        var rows: [JSONObject] = []
        if kind == "all" || kind == "invoice" {
            rows += invoices.all.filter(belongs).map { invoice in
                transaction(
                    invoice, id: "invoice_id", number: "invoice_number", type: "invoice", amount: "total",
                    status: invoiceStatus(invoice, today: context.today))
            }
        }
        if kind == "all" || kind == "payment" {
            rows += payments.all.filter(belongs).map {
                transaction($0, id: "payment_id", number: "payment_number", type: "payment", amount: "amount")
            }
        }
        if kind == "all" || kind == "credit" {
            rows += creditNotes.all.filter(belongs).map {
                transaction($0, id: "creditnote_id", number: "creditnote_number", type: "credit", amount: "total")
            }
        }
        if kind == "all" || kind == "refund" {
            rows += refunds.all.filter(belongs).map {
                transaction($0, id: "refund_id", number: "refund_id", type: "refund", amount: "amount")
            }
        }
        return listReply(
            key: "transactions", rows: rows, options: options, appliedFilter: applied, reportName: "Transactions")
    }

    private func transaction(
        _ row: JSONObject, id: String, number: String, type: String, amount: String, status: String? = nil
    ) -> JSONObject {
        [
            "transaction_id": row[id] ?? .null,
            "reference_id": row[id] ?? .null,
            "transaction_number": row[number] ?? .null,
            "type": .string(type),
            "transaction_type": .string(type),
            "date": row["date"] ?? .null,
            "status": .string(status ?? row.string("status") ?? "success"),
            "amount": row[amount] ?? 0,
            "customer_id": row["customer_id"] ?? .null,
            "customer_name": row["customer_name"] ?? .null,
        ]
    }
}

// MARK: - Contact persons: /customers/{cid}/contactpersons[/{id}]

extension OrganizationData {
    static let contactPersonFields: Set<String> = [
        "salutation", "first_name", "last_name", "email", "phone", "mobile", "fax", "designation", "department",
        "skype", "is_primary_contact",
    ]

    private func contactPerson(_ context: RequestContext) throws -> JSONObject {
        _ = try customer(context.parameter(0))
        guard let row = contactPersons[context.parameter(1)], row.string("customer_id") == context.parameter(0)
        else { throw APIError.notFound("Contact person") }
        return row
    }

    /// Stores a contact person for `customerID`; the customer's first contact becomes primary.
    mutating func insertContactPerson(_ body: JSONObject, customerID: String, timestamp: String) throws -> JSONObject {
        let email = try body.requiredString("email")
        guard isPlausibleEmail(email) else { throw APIError.invalid("email", "Pass an email address.") }
        let id = nextID()
        let isFirst = !contactPersons.all.contains { $0.string("customer_id") == customerID }
        var row: JSONObject = [
            "contactperson_id": .string(id),
            "customer_id": .string(customerID),
            "is_primary_contact": .bool(isFirst),
            "created_time": .string(timestamp),
            "updated_time": .string(timestamp),
        ]
        row.merge(body, fields: Self.contactPersonFields)
        contactPersons[id] = row
        if row["is_primary_contact"]?.lenientBoolValue == true || isFirst {
            makePrimary(id, customerID: customerID)
        }
        return contactPersons[id] ?? row
    }

    private mutating func makePrimary(_ id: String, customerID: String) {
        for person in contactPersons.all where person.string("customer_id") == customerID {
            guard let personID = person.string("contactperson_id") else { continue }
            contactPersons[personID]?["is_primary_contact"] = .bool(personID == id)
        }
        customers[customerID]?["primary_contactperson_id"] = .string(id)
    }

    mutating func listContactPersons(_ context: inout RequestContext) throws -> APIReply {
        let customerID = context.parameter(0)
        _ = try customer(customerID)
        let options = try context.listOptions(
            sortColumns: ["first_name", "last_name", "email", "created_time"], defaultOrder: "A")
        let rows = contactPersons.all.filter { $0.string("customer_id") == customerID }
        return listReply(
            key: "contact_persons", rows: rows, options: options, appliedFilter: "Status.All",
            reportName: "Contact Persons")
    }

    mutating func createContactPerson(_ context: inout RequestContext) throws -> APIReply {
        let customerID = context.parameter(0)
        _ = try customer(customerID)
        let row = try insertContactPerson(context.body, customerID: customerID, timestamp: context.timestamp)
        return .created("The contact person has been created.", ["contact_person": .object(row.publicView)])
    }

    mutating func getContactPerson(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["contact_person": .object(try contactPerson(context).publicView)])
    }

    mutating func updateContactPerson(_ context: inout RequestContext) throws -> APIReply {
        var row = try contactPerson(context)
        if context.body["email"] != nil {
            let email = try context.body.requiredString("email")
            guard isPlausibleEmail(email) else { throw APIError.invalid("email", "Pass an email address.") }
        }
        row.merge(context.body, fields: Self.contactPersonFields.subtracting(["is_primary_contact"]))
        row["updated_time"] = .string(context.timestamp)
        let id = context.parameter(1)
        contactPersons[id] = row
        if try context.body.optionalBool("is_primary_contact") == true {
            makePrimary(id, customerID: context.parameter(0))
        }
        return .ok(
            "The contact person details have been updated.",
            ["contact_person": .object((contactPersons[id] ?? row).publicView)])
    }

    mutating func deleteContactPerson(_ context: inout RequestContext) throws -> APIReply {
        let row = try contactPerson(context)
        let id = context.parameter(1)
        contactPersons[id] = nil
        if row["is_primary_contact"]?.lenientBoolValue == true {
            let customerID = context.parameter(0)
            if let next = contactPersons.all.first(where: { $0.string("customer_id") == customerID }),
                let nextID = next.string("contactperson_id")
            {
                makePrimary(nextID, customerID: customerID)
            } else {
                customers[customerID]?["primary_contactperson_id"] = nil
            }
        }
        return .ok("The contact person has been deleted.")
    }
}
