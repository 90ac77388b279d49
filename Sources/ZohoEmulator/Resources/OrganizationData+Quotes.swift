#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore
import PlatformSupport

// MARK: - Quotes: /estimates, /estimates/{id}, its status changes, email, templates and comments

extension OrganizationData {
    /// Top-level quote fields a client may set on create or update, echoed as sent.
    static let quoteFields: Set<String> = [
        "reference_number", "notes", "terms", "custom_fields", "salesperson_name", "exchange_rate",
        "is_discount_before_tax", "discount_type", "is_inclusive_tax", "contact_persons", "project_id",
        "adjustment_description", "billing_address", "shipping_address", "custom_body", "custom_subject",
    ]

    static let quoteSortColumns: Set<String> = ["customer_name", "estimate_number", "date", "total", "created_time"]

    /// The PDF templates every organization offers for quotes: id, name and type.
    static let quoteTemplates: [(id: String, name: String, type: String)] = [
        ("903000000000101", "Standard Template", "classic"),
        ("903000000000102", "Spreadsheet Template", "spreadsheet"),
        ("903000000000103", "Professional Template", "professional"),
    ]

    /// The one email template quotes use.
    static let quoteEmailTemplateID = "903000000000110"

    /// The quote named in the URL, or 404.
    func quote(_ id: String) throws -> JSONObject {
        guard let row = quotes[id] else { throw APIError.notFound("Quote") }
        return row
    }

    /// The status Zoho would show today: stored status, with `expired` once a sent quote is past its expiry date.
    func quoteStatus(_ row: JSONObject, today: CalendarDate) -> String {
        let stored = row.string("status") ?? "draft"
        if stored == "sent", let expiry = row.string("expiry_date").flatMap(CalendarDate.init(parsing:)),
            expiry < today
        {
            return "expired"
        }
        return stored
    }

    /// The full quote as `GET /estimates/{id}` returns it.
    func quoteView(_ row: JSONObject, today: CalendarDate) -> JSONObject {
        var view = row.publicView
        view["status"] = .string(quoteStatus(row, today: today))
        return view
    }

    /// The shorter row `GET /estimates` returns.
    func quoteRow(_ row: JSONObject, today: CalendarDate) -> JSONObject {
        let keys: Set<String> = [
            "estimate_id", "estimate_number", "customer_id", "customer_name", "reference_number", "date",
            "expiry_date", "currency_id", "currency_code", "total", "created_time", "last_modified_time",
            "accepted_date", "declined_date", "is_viewed_by_client", "client_viewed_time", "is_emailed",
        ]
        var view = row.filter { keys.contains($0.key) }
        view["status"] = .string(quoteStatus(row, today: today))
        view["has_attachment"] = false
        return view
    }

    /// A discount given as an amount (`12.5`) or a percentage of `base` (`"10%"`).
    private func discountAmount(_ raw: JSONValue?, base: Decimal, label: String) throws -> Decimal {
        guard let raw, !raw.isNull else { return 0 }
        let amount: Decimal
        if let text = raw.stringValue, text.hasSuffix("%") {
            guard let percent = Amount.parse(String(text.dropLast())), percent >= 0, percent <= 100 else {
                throw APIError.invalid(label, "A percentage must be from 0% to 100%.")
            }
            amount = Amount.round(base * percent / 100)
        } else {
            guard let value = raw.decimalValue, value >= 0 else { throw APIError.invalid(label) }
            amount = value
        }
        guard amount <= base else { throw APIError.invalid(label, "The discount cannot exceed the amount.") }
        return amount
    }

    /// Builds quote lines with their discounts and returns them with the sum of the line totals.
    private mutating func quoteLines(_ raw: [JSONObject]) throws -> (items: [JSONValue], subTotal: Decimal) {
        var built = try lineItems(raw, label: "line_items").items
        var subTotal = Decimal(0)
        for (position, source) in raw.enumerated() {
            guard var line = built[position].objectValue else { continue }
            let gross = line.amount("item_total")
            let discount = try discountAmount(
                source["discount"], base: gross, label: "line_items[\(position)].discount")
            if let sent = source["discount"], !sent.isNull { line["discount"] = sent }
            line["discount_amount"] = .decimal(discount)
            line["item_total"] = .decimal(gross - discount)
            line["item_order"] = .int(position + 1)
            line.merge(source, fields: ["item_id"])
            subTotal += gross - discount
            built[position] = .object(line)
        }
        return (built, subTotal)
    }

    /// Recomputes a quote's totals from its lines, discount, shipping and adjustment.
    private func totalQuote(_ row: inout JSONObject) throws {
        let subTotal = row.amount("sub_total")
        let discount = try discountAmount(row["discount"], base: subTotal, label: "discount")
        let total = subTotal - discount + row.amount("shipping_charge") + row.amount("adjustment")
        guard total >= 0 else { throw APIError.invalid("adjustment", "The quote total cannot be negative.") }
        row["discount_total"] = .decimal(discount)
        row["total"] = .decimal(total)
    }

    /// Appends a comment or history entry to a quote and returns it.
    @discardableResult
    mutating func addQuoteComment(
        _ quoteID: String, _ text: String, type: String, visibleToCustomer: Bool = false, timestamp: String
    ) -> JSONObject {
        let id = nextID()
        let row: JSONObject = [
            "comment_id": .string(id),
            "estimate_id": .string(quoteID),
            "description": .string(text),
            "commented_by_id": "903000000000001",
            "commented_by": "Demo Owner",
            "comment_type": .string(type),
            "show_comment_to_clients": .bool(visibleToCustomer),
            "date": .string(String(timestamp.prefix(10))),
            "time": .string(String(timestamp.dropFirst(11).prefix(5))),
            "created_time": .string(timestamp),
        ]
        quoteComments[id] = row
        return row
    }

    /// Reads the fields shared by create and update into `row`, validating dates, number and amounts.
    private mutating func applyQuoteBody(_ body: JSONObject, to row: inout JSONObject, today: CalendarDate) throws {
        if let customerID = try body.optionalID("customer_id") {
            let customer = try referencedCustomer(customerID)
            row["customer_id"] = .string(customerID)
            row["customer_name"] = customer["display_name"] ?? .null
            row["email"] = customer["email"] ?? .null
            row.merge(customer, fields: ["billing_address", "shipping_address"])
        }
        let date = try body.optionalDate("date") ?? row.string("date").flatMap(CalendarDate.init(parsing:)) ?? today
        row["date"] = .string(date.description)
        if let expiry = try body.optionalDate("expiry_date") {
            guard expiry >= date else {
                throw APIError.invalid("expiry_date", "The expiry date cannot be before the quote date.")
            }
            row["expiry_date"] = .string(expiry.description)
        }
        if let number = try body.optionalString("estimate_number"), number != row.string("estimate_number") {
            let id = row.string("estimate_id")
            if quotes.all.contains(where: { $0.string("estimate_number") == number && $0.string("estimate_id") != id })
            {
                throw APIError(
                    status: 400, code: 1001, message: "Quote number \(number) already exists. Enter a unique number.")
            }
            row["estimate_number"] = .string(number)
        }
        if let raw = try body.optionalObjects("line_items") {
            let built = try quoteLines(raw)
            row["line_items"] = .array(built.items)
            row["sub_total"] = .decimal(built.subTotal)
        }
        for key in ["shipping_charge", "adjustment"] {
            if let amount = try body.optionalAmount(key) { row[key] = amount.json }
        }
        if let discount = body["discount"] {
            if discount.isNull {
                row["discount"] = nil
            } else {
                _ = try discountAmount(discount, base: .greatestFiniteMagnitude, label: "discount")
                row["discount"] = discount
            }
        }
        row.merge(body, fields: Self.quoteFields)
        try totalQuote(&row)
    }

    /// Stores a new quote built from a create body.
    mutating func insertQuote(_ body: JSONObject, status: String, today: CalendarDate, timestamp: String) throws
        -> JSONObject
    {
        guard body["customer_id"].map({ !$0.isNull }) ?? false else { throw APIError.missing("customer_id") }
        guard let lines = try body.optionalObjects("line_items"), !lines.isEmpty else {
            throw APIError.missing("line_items")
        }
        let template = Self.quoteTemplates[0]
        var row: JSONObject = [
            "status": .string(status),
            "shipping_charge": 0,
            "adjustment": 0,
            "tax_total": 0,
            "taxes": [],
            "exchange_rate": 1,
            "price_precision": 2,
            "is_emailed": false,
            "is_viewed_by_client": false,
            "template_id": .string(template.id),
            "template_name": .string(template.name),
            "created_time": .string(timestamp),
            "last_modified_time": .string(timestamp),
        ]
        row.merge(currencyFields, fields: ["currency_code", "currency_symbol"])
        try applyQuoteBody(body, to: &row, today: today)
        if let customer = row.string("customer_id").flatMap({ customers[$0] }) {
            row.merge(customer, fields: ["currency_code", "currency_symbol"])
        }
        let id = nextID()
        row["estimate_id"] = .string(id)
        if row.string("estimate_number") == nil { row["estimate_number"] = .string(nextNumber("QT")) }
        quotes[id] = row
        addQuoteComment(
            id, "Quote created for \(Amount.format(row.amount("total")))", type: "system", timestamp: timestamp)
        return row
    }

    /// Changes a quote to `sent` on delivery, noting how it went out.
    private mutating func markDelivered(_ id: String, recipients: [String], timestamp: String) {
        guard var row = quotes[id] else { return }
        if row.string("status") == "draft" { row["status"] = "sent" }
        row["is_emailed"] = true
        row["last_modified_time"] = .string(timestamp)
        quotes[id] = row
        addQuoteComment(
            id, "Quote emailed to \(recipients.joined(separator: ", "))", type: "system", timestamp: timestamp)
    }

    /// A comment of the quote in the URL, or 404; history entries cannot be changed.
    private func editableComment(_ context: RequestContext) throws -> JSONObject {
        _ = try quote(context.parameter(0))
        guard let comment = quoteComments[context.parameter(1)],
            comment.string("estimate_id") == context.parameter(0)
        else { throw APIError.notFound("Comment") }
        guard comment.string("comment_type") != "system" else {
            throw APIError.state("History entries of a quote cannot be edited or deleted.")
        }
        return comment
    }

    // MARK: Handlers

    mutating func listQuotes(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.quoteSortColumns)
        let (applied, wanted) = try context.filter(
            prefix: "Status",
            values: [
                ("All", ""), ("Draft", "draft"), ("Sent", "sent"), ("Accepted", "accepted"),
                ("Declined", "declined"), ("Expired", "expired"), ("Invoiced", "invoiced"),
            ])
        let today = context.today
        let customerID = context.query("customer_id")
        let search = context.query("search_text")?.lowercased()
        let rows = quotes.all.filter { row in
            if !wanted.isEmpty, quoteStatus(row, today: today) != wanted { return false }
            if let customerID, row.string("customer_id") != customerID { return false }
            if let search {
                let fields = ["estimate_number", "reference_number", "customer_name"].compactMap { row.string($0) }
                if !fields.contains(where: { $0.lowercased().contains(search) }) { return false }
            }
            return true
        }
        return listReply(
            key: "estimates", rows: rows.map { quoteRow($0, today: today) }, options: options,
            appliedFilter: applied, reportName: "Quotes")
    }

    mutating func createQuote(_ context: inout RequestContext) throws -> APIReply {
        let send = context.query("send")?.lowercased() == "true"
        var row = try insertQuote(context.body, status: "draft", today: context.today, timestamp: context.timestamp)
        let id = row.string("estimate_id") ?? ""
        if send {
            guard let address = row.string("email") else {
                throw APIError.state("The customer has no email address to send the quote to.")
            }
            markDelivered(id, recipients: [address], timestamp: context.timestamp)
            let number = row.string("estimate_number") ?? id
            context.sentEmails.append(
                EmulatorSentEmail(
                    organizationID: info.id, invoiceID: id, to: [address], cc: [],
                    subject: "Quote \(number) from \(info.name)", body: "Please find your quote \(number) attached."))
            row = quotes[id] ?? row
        }
        return .created("The quote has been created", ["estimate": .object(quoteView(row, today: context.today))])
    }

    mutating func getQuote(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["estimate": .object(quoteView(try quote(context.parameter(0)), today: context.today))])
    }

    mutating func updateQuote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try quote(id)
        guard row.string("status") != "invoiced" else {
            throw APIError.state("An invoiced quote cannot be edited.")
        }
        try applyQuoteBody(context.body, to: &row, today: context.today)
        row["last_modified_time"] = .string(context.timestamp)
        quotes[id] = row
        return .ok(
            "Estimate information has been updated.", ["estimate": .object(quoteView(row, today: context.today))])
    }

    mutating func deleteQuote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try quote(id)
        quotes[id] = nil
        for comment in quoteComments.all where comment.string("estimate_id") == id {
            quoteComments[comment.string("comment_id") ?? ""] = nil
        }
        return .ok("The estimate has been deleted.")
    }

    /// `POST /estimates/{id}/status/sent|accepted|declined`.
    mutating func markQuote(_ context: inout RequestContext, as target: String) throws -> APIReply {
        let id = context.parameter(0)
        var row = try quote(id)
        let current = quoteStatus(row, today: context.today)
        let allowed: Set<String> =
            switch target {
            case "sent": ["draft"]
            case "accepted": ["sent", "expired", "declined"]
            default: ["sent", "expired", "accepted"]
            }
        guard allowed.contains(current) else {
            throw APIError.state("A quote that is \(current) cannot be marked as \(target).")
        }
        row["status"] = .string(target)
        if target == "accepted" {
            row["accepted_date"] = .string(context.today.description)
            row["declined_date"] = nil
        } else if target == "declined" {
            row["declined_date"] = .string(context.today.description)
            row["accepted_date"] = nil
        }
        row["last_modified_time"] = .string(context.timestamp)
        quotes[id] = row
        addQuoteComment(id, "Quote marked as \(target)", type: "system", timestamp: context.timestamp)
        return .ok("Estimate status has been changed to \(target.prefix(1).uppercased() + target.dropFirst()).")
    }

    mutating func emailQuote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try quote(id)
        let body = context.body
        let recipients = try emailAddresses(body, "to_mail_ids", required: true)
        let copies = try emailAddresses(body, "cc_mail_ids", required: false)
        let number = row.string("estimate_number") ?? id
        let subject = try body.optionalString("subject") ?? "Quote \(number) from \(info.name)"
        let message = try body.optionalString("body") ?? "Please find your quote \(number) attached."
        markDelivered(id, recipients: recipients, timestamp: context.timestamp)
        context.sentEmails.append(
            EmulatorSentEmail(
                organizationID: info.id, invoiceID: id, to: recipients, cc: copies, subject: subject, body: message))
        return .ok("Your Estimate has been sent.")
    }

    mutating func quoteEmailContent(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try quote(id)
        if let template = context.query("email_template_id"), template != Self.quoteEmailTemplateID {
            throw APIError.invalid("email_template_id", "There is no email template with this id.")
        }
        let number = row.string("estimate_number") ?? id
        let customerID = row.string("customer_id") ?? ""
        let contacts: [JSONValue] = contactPersons.all.filter { $0.string("customer_id") == customerID }.map {
            .object([
                "contact_person_id": $0["contactperson_id"] ?? .null, "first_name": $0["first_name"] ?? .null,
                "last_name": $0["last_name"] ?? .null, "email": $0["email"] ?? .null,
                "selected": .bool($0["email"] != nil),
            ])
        }
        return .ok(
            "success",
            [
                "subject": .string("Quote \(number) from \(info.name)"),
                "body": .string(
                    "Dear \(row.string("customer_name") ?? "customer"),<br>Thank you for your interest. Quote \(number) "
                        + "for \(row.string("currency_code") ?? "") \(Amount.format(row.amount("total"))) is attached."),
                "to_contacts": .array(contacts),
                "from_emails": [.object(["user_name": "Demo Owner", "email": .string(info.email), "selected": true])],
                "emailtemplates": [
                    .object([
                        "email_template_id": .string(Self.quoteEmailTemplateID), "name": "Default", "selected": true,
                    ])
                ],
                "file_name": .string("\(number).pdf"),
                "customer_id": .string(customerID),
                "error_list": [],
            ])
    }

    mutating func emailQuotes(_ context: inout RequestContext) throws -> APIReply {
        guard let raw = context.query("estimate_ids") else { throw APIError.missing("estimate_ids") }
        let ids = raw.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !ids.isEmpty else { throw APIError.missing("estimate_ids") }
        guard ids.count <= 10 else { throw APIError.invalid("estimate_ids", "At most 10 quotes can be sent at once.") }
        var recipients: [(id: String, address: String)] = []
        for id in ids {
            guard let row = quotes[id] else {
                throw APIError.unknownReference("The quote \(id)", field: "estimate_ids")
            }
            guard let address = row.string("email") else {
                throw APIError.state(
                    "The customer of quote \(row.string("estimate_number") ?? id) has no email address.")
            }
            recipients.append((id, address))
        }
        for (id, address) in recipients {
            let number = quotes[id]?.string("estimate_number") ?? id
            markDelivered(id, recipients: [address], timestamp: context.timestamp)
            context.sentEmails.append(
                EmulatorSentEmail(
                    organizationID: info.id, invoiceID: id, to: [address], cc: [],
                    subject: "Quote \(number) from \(info.name)", body: "Please find your quote \(number) attached."))
        }
        return .ok("Mission accomplished! We've sent all the quotes.")
    }

    mutating func listQuoteTemplates(_ context: inout RequestContext) throws -> APIReply {
        let templates: [JSONValue] = Self.quoteTemplates.map {
            .object([
                "template_id": .string($0.id), "template_name": .string($0.name), "template_type": .string($0.type),
            ])
        }
        return .ok("success", ["templates": .array(templates)])
    }

    mutating func updateQuoteTemplate(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try quote(id)
        guard let template = Self.quoteTemplates.first(where: { $0.id == context.parameter(1) }) else {
            throw APIError.notFound("Template")
        }
        row["template_id"] = .string(template.id)
        row["template_name"] = .string(template.name)
        row["last_modified_time"] = .string(context.timestamp)
        quotes[id] = row
        return .ok("Estimate information has been updated.")
    }

    mutating func listQuoteComments(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try quote(id)
        let rows = quoteComments.all.filter { $0.string("estimate_id") == id }.reversed()
        return .ok("success", ["comments": .array(rows.map { .object($0.publicView) })])
    }

    mutating func addQuoteComment(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try quote(id)
        let text = try context.body.requiredString("description")
        let visible = try context.body.optionalBool("show_comment_to_clients") ?? false
        let comment = addQuoteComment(
            id, text, type: "internal", visibleToCustomer: visible, timestamp: context.timestamp)
        return .ok("Comments added", ["comment": .object(comment.publicView)])
    }

    mutating func updateQuoteComment(_ context: inout RequestContext) throws -> APIReply {
        var comment = try editableComment(context)
        comment["description"] = .string(try context.body.requiredString("description"))
        if let visible = try context.body.optionalBool("show_comment_to_clients") {
            comment["show_comment_to_clients"] = .bool(visible)
        }
        quoteComments[context.parameter(1)] = comment
        return .ok("Comment has been updated successfully.", ["comment": .object(comment.publicView)])
    }

    mutating func deleteQuoteComment(_ context: inout RequestContext) throws -> APIReply {
        _ = try editableComment(context)
        quoteComments[context.parameter(1)] = nil
        return .ok("The comment has been deleted.")
    }

    // MARK: Seed

    /// The quotes and credit notes of the demo organization. Creates no invoices or payments, so the demo's
    /// balances and reports stay as they were.
    mutating func seedDocumentExamples(today: CalendarDate) {
        seedCreditNoteExamples(today: today)
        seedQuoteExamples(today: today)
    }

    /// One quote in each state a sales pipeline passes through, oldest first, each ending with a team comment.
    private mutating func seedQuoteExamples(today: CalendarDate) {
        func customerID(_ name: String) -> String? {
            customers.all.first { $0.string("display_name") == name }?.string("customer_id")
        }
        let examples:
            [(customer: String, daysAgo: Int, validFor: Int, lines: [(String, String, Int)], steps: [String])] =
                [
                    ("Harbor Light Co.", 45, 30, [("Premium plan, 12 months", "990.00", 1)], ["sent", "declined"]),
                    (
                        "Cedar & Pine Studio", 30, 30, [("Design workshop", "450.00", 2), ("Onboarding", "150.00", 1)],
                        ["sent", "accepted"]
                    ),
                    ("Bluebird Analytics", 40, 14, [("Analytics add-on seats", "12.50", 10)], ["sent"]),
                    ("Bluebird Analytics", 6, 30, [("Data warehouse connector", "75.00", 1)], ["sent"]),
                    (
                        "Northwind Bistro", 2, 30,
                        [("Annual plan upgrade", "348.00", 1), ("Extra location", "19.99", 3)],
                        []
                    ),
                ]
        for example in examples {
            guard let customer = customerID(example.customer) else { continue }
            let date = today.adding(days: -example.daysAgo)
            let lines: [JSONValue] = example.lines.map { name, rate, quantity in
                .object([
                    "item_id": .string(productID), "name": .string(name), "rate": .amount(rate),
                    "quantity": .int(quantity),
                ])
            }
            let body: JSONObject = [
                "customer_id": .string(customer), "date": .string(date.description),
                "expiry_date": .string(date.adding(days: example.validFor).description), "line_items": .array(lines),
                "terms": "Prices valid until the expiry date.",
            ]
            guard let row = try? insertQuote(body, status: "draft", today: today, timestamp: stamp(date)),
                let id = row.string("estimate_id")
            else { continue }
            for (offset, step) in example.steps.enumerated() {
                let day = date.adding(days: offset + 1)
                let modified = stamp(day)
                guard var current = quotes[id] else { break }
                current["status"] = .string(step)
                if step == "sent" { current["is_emailed"] = true }
                if step == "accepted" || step == "declined" { current["\(step)_date"] = .string(day.description) }
                current["last_modified_time"] = .string(modified)
                quotes[id] = current
                addQuoteComment(id, "Quote marked as \(step)", type: "system", timestamp: modified)
            }
            let noted = date.adding(days: example.steps.count + 1)
            addQuoteComment(
                id, "Followed up with \(example.customer) by phone.", type: "internal",
                timestamp: stamp(min(noted, today), hour: 15))
        }
    }
}
