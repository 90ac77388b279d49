#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore
import PlatformSupport

// MARK: - Credit notes: /creditnotes, /creditnotes/{id} and its actions, refunds

extension OrganizationData {
    /// Top-level credit note fields a client may set on create.
    static let creditNoteFields: Set<String> = [
        "reference_number", "notes", "terms", "custom_fields", "exchange_rate", "template_id", "contact_persons",
    ]

    static let creditNoteSortColumns: Set<String> = [
        "customer_name", "creditnote_number", "date", "total", "balance", "created_time",
    ]

    /// The credit note named in the URL, or 404.
    func creditNote(_ id: String) throws -> JSONObject {
        guard let row = creditNotes[id] else { throw APIError.notFound("Credit note") }
        return row
    }

    /// What the credit note has paid on invoices, per invoice, read from the invoices' `credits` so that credits
    /// applied from either side (`POST /invoices/{id}/credits` or `POST /creditnotes/{id}/invoices`) show up.
    func creditApplications(_ noteID: String) -> [JSONValue] {
        invoices.all.compactMap { invoice in
            let amount = (invoice["credits"]?.arrayValue ?? []).reduce(Decimal(0)) { sum, entry in
                guard let object = entry.objectValue, object.string("creditnote_id") == noteID else { return sum }
                return sum + object.amount("credited_amount")
            }
            guard amount > 0 else { return nil }
            return .object([
                "invoice_id": invoice["invoice_id"] ?? .null,
                "invoice_number": invoice["invoice_number"] ?? .null,
                "amount": .decimal(amount),
            ])
        }
    }

    /// What has been refunded from the credit note so far.
    func refundedAmount(_ noteID: String) -> Decimal {
        refunds.all.filter { $0.string("creditnote_id") == noteID }.reduce(Decimal(0)) { $0 + $1.amount("amount") }
    }

    /// The full credit note as `GET /creditnotes/{id}` returns it. Older rows (the demo seed's first note) lack
    /// some fields; they get the organization's defaults here.
    func creditNoteView(_ row: JSONObject) -> JSONObject {
        var view = currencyFields
        view["creditnote_items"] = []
        view["email"] = row.string("customer_id").flatMap { customers[$0]?["email"] } ?? .null
        for (key, value) in row.publicView { view[key] = value }
        view["invoices"] = .array(creditApplications(row.string("creditnote_id") ?? ""))
        return view
    }

    /// The shorter row `GET /creditnotes` returns.
    func creditNoteRow(_ row: JSONObject) -> JSONObject {
        let keys: Set<String> = [
            "creditnote_id", "creditnote_number", "customer_id", "customer_name", "date", "status",
            "reference_number", "total", "balance", "currency_code", "currency_symbol", "created_time",
            "updated_time",
        ]
        var view = currencyFields
        view.merge(row, fields: keys)
        return view
    }

    /// Stores a new open credit note and returns it; the balance starts at the total.
    mutating func insertCreditNote(
        customer: JSONObject, date: CalendarDate, number: String?, items: [JSONValue], total: Decimal,
        extra: JSONObject, timestamp: String
    ) -> JSONObject {
        let id = nextID()
        let number = number ?? nextNumber("CN")
        var row: JSONObject = [
            "creditnote_id": .string(id),
            "creditnote_number": .string(number),
            "date": .string(date.description),
            "status": "open",
            "customer_id": customer["customer_id"] ?? .null,
            "customer_name": customer["display_name"] ?? .null,
            "email": customer["email"] ?? .null,
            "creditnote_items": .array(items),
            "sub_total": .decimal(total),
            "total": .decimal(total),
            "balance": .decimal(total),
            "taxes": [],
            "is_emailed": false,
            "template_name": "Standard Template",
            "created_time": .string(timestamp),
            "updated_time": .string(timestamp),
        ]
        row.merge(currencyFields, fields: ["currency_code", "currency_symbol"])
        row.merge(customer, fields: ["currency_code", "currency_symbol"])
        row.merge(extra, fields: Self.creditNoteFields)
        creditNotes[id] = row
        return row
    }

    /// Takes `amount` of credit note `noteID` onto an invoice, recording it on both sides the way
    /// `POST /invoices/{id}/credits` does. Both must already be checked.
    mutating func creditInvoice(
        _ invoiceID: String, from noteID: String, amount: Decimal, date: CalendarDate, timestamp: String
    ) {
        guard var invoice = invoices[invoiceID], var note = creditNotes[noteID] else { return }
        note["balance"] = .decimal(note.amount("balance") - amount)
        if note.amount("balance") == 0 { note["status"] = "closed" }
        note["updated_time"] = .string(timestamp)
        creditNotes[noteID] = note
        var credits = invoice["credits"]?.arrayValue ?? []
        credits.append(
            .object([
                "creditnote_id": .string(noteID),
                "creditnotes_number": note["creditnote_number"] ?? .null,
                "credited_date": .string(date.description),
                "credited_amount": .decimal(amount),
            ]))
        invoice["credits"] = .array(credits)
        invoice["credits_applied"] = .decimal(invoice.amount("credits_applied") + amount)
        invoice["updated_time"] = .string(timestamp)
        settle(&invoice)
        invoices[invoiceID] = invoice
    }

    /// Stores a refund drawn on a credit note and lowers the note's balance. The amount must already be checked.
    mutating func insertCreditNoteRefund(
        noteID: String, amount: (value: Decimal, json: JSONValue), date: CalendarDate, extra: JSONObject,
        timestamp: String
    ) -> JSONObject {
        guard var note = creditNotes[noteID] else { return [:] }
        note["balance"] = .decimal(note.amount("balance") - amount.value)
        if note.amount("balance") == 0 { note["status"] = "closed" }
        note["updated_time"] = .string(timestamp)
        creditNotes[noteID] = note
        let id = nextID()
        var refund: JSONObject = [
            "refund_id": .string(id),
            "creditnote_id": .string(noteID),
            "date": .string(date.description),
            "amount": amount.json,
            "refund_mode": "cash",
            "status": "success",
            "customer_id": note["customer_id"] ?? .null,
            "customer_name": note["customer_name"] ?? .null,
            "email": creditNoteView(note)["email"] ?? .null,
            "creditnote": .object([
                "creditnote_id": .string(noteID),
                "creditnote_number": note["creditnote_number"] ?? .null,
                "date": note["date"] ?? .null,
                "amount": note["total"] ?? 0,
                "refund_amount": amount.json,
                "balance_amount": note["balance"] ?? 0,
            ]),
            "created_time": .string(timestamp),
        ]
        refund.merge(currencyFields, fields: ["currency_code", "currency_symbol"])
        refund.merge(note, fields: ["currency_code", "currency_symbol"])
        refund.merge(extra, fields: ["description", "reference_number", "refund_mode"])
        refunds[id] = refund
        return refund
    }

    // MARK: Handlers

    mutating func listCreditNotes(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.creditNoteSortColumns)
        let (applied, wanted) = try context.filter(
            prefix: "CreditNoteStatus",
            values: [("All", ""), ("Open", "open"), ("Closed", "closed"), ("Void", "void")])
        let customerID = context.query("customer_id")
        let search = context.query("search_text")?.lowercased()
        func date(_ name: String) throws -> CalendarDate? {
            guard let text = context.query(name) else { return nil }
            guard let date = CalendarDate(parsing: text) else {
                throw APIError.invalid(name, "Use the format yyyy-mm-dd.")
            }
            return date
        }
        let start = try date("date_start")
        let end = try date("date_end")
        let rows = creditNotes.all.filter { row in
            if !wanted.isEmpty, row.string("status") != wanted { return false }
            if let customerID, row.string("customer_id") != customerID { return false }
            if let search {
                let fields = ["creditnote_number", "reference_number", "customer_name"].compactMap { row.string($0) }
                if !fields.contains(where: { $0.lowercased().contains(search) }) { return false }
            }
            let day = row.string("date").flatMap(CalendarDate.init(parsing:))
            if let start, day.map({ $0 < start }) ?? true { return false }
            if let end, day.map({ $0 > end }) ?? true { return false }
            return true
        }
        return listReply(
            key: "creditnotes", rows: rows.map(creditNoteRow), options: options, appliedFilter: applied,
            reportName: "Credit Notes")
    }

    mutating func createCreditNote(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let customer = try referencedCustomer(try body.requiredID("customer_id"))
        guard let date = try body.optionalDate("date") else { throw APIError.missing("date") }
        guard let rawItems = try body.optionalObjects("creditnote_items") else {
            throw APIError.missing("creditnote_items")
        }
        // A credit line often names only a plan code or a description; either serves as its name.
        let named = rawItems.map { item -> JSONObject in
            var item = item
            if item["name"] == nil, let fallback = item["description"] ?? item["code"] { item["name"] = fallback }
            return item
        }
        let (items, total) = try lineItems(named, label: "creditnote_items")
        guard total > 0 else { throw APIError.invalid("creditnote_items", "The credit note total must be above zero.") }
        var number: String?
        if let wanted = try body.optionalString("creditnote_number") {
            if creditNotes.all.contains(where: { $0.string("creditnote_number") == wanted }) {
                throw APIError.invalid("creditnote_number", "Credit note number \(wanted) has already been used.")
            }
            number = wanted
        }
        var extra = body
        if let rate = try body.optionalAmount("exchange_rate") { extra["exchange_rate"] = rate.json }
        let row = insertCreditNote(
            customer: customer, date: date, number: number, items: items, total: total, extra: extra,
            timestamp: context.timestamp)
        return .created("Credit Note created successfully.", ["creditnote": .object(creditNoteView(row))])
    }

    mutating func getCreditNote(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["creditnote": .object(creditNoteView(try creditNote(context.parameter(0))))])
    }

    mutating func deleteCreditNote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try creditNote(id)
        guard creditApplications(id).isEmpty, refundedAmount(id) == 0 else {
            throw APIError.state(
                "The credit note cannot be deleted because it has been applied to invoices or refunded.")
        }
        creditNotes[id] = nil
        return .ok("The credit note has been deleted.")
    }

    mutating func emailCreditNote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try creditNote(id)
        let body = context.body
        let recipients = try emailAddresses(body, "to_mail_ids", required: true)
        let copies = try emailAddresses(body, "cc_mail_ids", required: false)
        let subject = try body.requiredString("subject")
        let message = try body.requiredString("body")
        guard row.string("status") != "void" else { throw APIError.state("A void credit note cannot be emailed.") }
        row["is_emailed"] = true
        row["updated_time"] = .string(context.timestamp)
        creditNotes[id] = row
        context.sentEmails.append(
            EmulatorSentEmail(
                organizationID: info.id, invoiceID: id, to: recipients, cc: copies, subject: subject, body: message))
        return .ok("Your creditnote has been sent.")
    }

    mutating func voidCreditNote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try creditNote(id)
        guard row.string("status") != "void" else {
            throw APIError.state("The credit note \(row.string("creditnote_number") ?? id) is already void.")
        }
        guard creditApplications(id).isEmpty, refundedAmount(id) == 0 else {
            throw APIError.state(
                "The credit note cannot be voided because it has been applied to invoices or refunded.")
        }
        row["status"] = "void"
        row["balance"] = 0
        row["updated_time"] = .string(context.timestamp)
        creditNotes[id] = row
        return .ok("The credit note has been marked as void.")
    }

    mutating func reopenCreditNote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try creditNote(id)
        guard row.string("status") == "void" else {
            throw APIError.state("Only a void credit note can be converted to open.")
        }
        row["status"] = "open"
        row["balance"] = row["total"] ?? 0
        row["updated_time"] = .string(context.timestamp)
        creditNotes[id] = row
        return .ok("Status of the credit note has been changed to open.")
    }

    mutating func applyCreditNote(_ context: inout RequestContext) throws -> APIReply {
        let noteID = context.parameter(0)
        let note = try creditNote(noteID)
        guard let entries = try context.body.optionalObjects("invoices"), !entries.isEmpty else {
            throw APIError.missing("invoices")
        }
        guard note.string("status") == "open", note.amount("balance") > 0 else {
            throw APIError.state("Only an open credit note with an unused balance can be applied.")
        }
        var plan: [(invoiceID: String, amount: Decimal, json: JSONValue)] = []
        for (position, entry) in entries.enumerated() {
            let label = "invoices[\(position)]"
            let invoiceID = try entry.requiredID("invoice_id", label: "\(label).invoice_id")
            guard let invoice = invoices[invoiceID] else {
                throw APIError.unknownReference("The invoice", field: "\(label).invoice_id")
            }
            guard invoice.string("customer_id") == note.string("customer_id") else {
                throw APIError.invalid("\(label).invoice_id", "The invoice belongs to a different customer.")
            }
            guard !plan.contains(where: { $0.invoiceID == invoiceID }) else {
                throw APIError.invalid("\(label).invoice_id", "The invoice is listed more than once.")
            }
            guard isOpen(invoice) else {
                throw APIError.invalid("\(label).invoice_id", "Credits can be applied only to open invoices.")
            }
            let amount = try entry.requiredAmount("amount_applied", label: "\(label).amount_applied")
            guard amount.value > 0, amount.value <= invoice.amount("balance") else {
                throw APIError.invalid(
                    "\(label).amount_applied",
                    "It must be more than zero and at most the invoice's balance of "
                        + "\(Amount.format(invoice.amount("balance"))).")
            }
            plan.append((invoiceID, amount.value, amount.json))
        }
        let requested = plan.reduce(Decimal(0)) { $0 + $1.amount }
        guard requested <= note.amount("balance") else {
            throw APIError.invalid(
                "invoices",
                "The amounts exceed the credit note's balance of \(Amount.format(note.amount("balance"))).")
        }
        for step in plan {
            creditInvoice(
                step.invoiceID, from: noteID, amount: step.amount, date: context.today, timestamp: context.timestamp)
        }
        let applied = plan.map { step -> JSONValue in
            .object(["invoice_id": .string(step.invoiceID), "amount_applied": step.json])
        }
        return .ok("Credits have been applied to the invoice(s).", ["invoices": .array(applied)])
    }

    mutating func refundCreditNote(_ context: inout RequestContext) throws -> APIReply {
        let noteID = context.parameter(0)
        let note = try creditNote(noteID)
        let body = context.body
        let amount = try body.requiredAmount("amount")
        guard note.string("status") == "open" else {
            throw APIError.state("Only an open credit note with an unused balance can be refunded.")
        }
        guard amount.value > 0 else { throw APIError.invalid("amount", "The amount must be more than zero.") }
        guard amount.value <= note.amount("balance") else {
            throw APIError.invalid(
                "amount", "The refund exceeds the credit note's balance of \(Amount.format(note.amount("balance"))).")
        }
        let date = try body.optionalDate("date") ?? context.today
        var extra = body
        extra["refund_mode"] = try body.optionalString("refund_mode").map(JSONValue.string)
        let refund = insertCreditNoteRefund(
            noteID: noteID, amount: amount, date: date, extra: extra, timestamp: context.timestamp)
        return .created("The refund information has been saved.", ["refund": .object(refund.publicView)])
    }

    /// `GET /creditnotes/refunds/{id}`: any refund, whether drawn on a credit note or on a payment.
    mutating func getRefund(_ context: inout RequestContext) throws -> APIReply {
        guard let row = refunds[context.parameter(0)] else { throw APIError.notFound("Refund") }
        return .ok("success", ["creditnote_refund": .object(row.publicView)])
    }

    /// Credit note examples for the demo organization: a voided note for Bluebird Analytics and, for the
    /// dinar-billed Gulf Pearl Trading, a note refunded in full (three-decimal amounts).
    mutating func seedCreditNoteExamples(today: CalendarDate) {
        let names = ["Bluebird Analytics", "Gulf Pearl Trading"]
        let found = names.map { name in customers.all.first { $0.string("display_name") == name } }
        guard let bluebird = found[0], let gulf = found[1] else { return }
        func item(_ name: String, _ price: String) -> JSONValue {
            .object([
                "item_id": .string(nextID()), "name": .string(name), "description": .string(name),
                "price": .amount(price), "rate": .amount(price), "quantity": 1, "item_total": .amount(price),
            ])
        }
        let voidDate = today.adding(days: -25)
        var voided = insertCreditNote(
            customer: bluebird, date: voidDate, number: nil, items: [item("Duplicate seat charge", "10.00")],
            total: 10, extra: ["reference_number": "Raised in error"], timestamp: stamp(voidDate))
        voided["total"] = .amount("10.00")
        voided["sub_total"] = .amount("10.00")
        voided["status"] = "void"
        voided["balance"] = 0
        creditNotes[voided.string("creditnote_id") ?? ""] = voided

        let refundDate = today.adding(days: -8)
        let amount = JSONValue.amount("50.500")
        var note = insertCreditNote(
            customer: gulf, date: today.adding(days: -9), number: nil,
            items: [item("Shipment damaged in transit", "50.500")], total: amount.decimalValue ?? 0,
            extra: ["reference_number": "RMA-0042"], timestamp: stamp(today.adding(days: -9)))
        note["total"] = amount
        note["sub_total"] = amount
        note["balance"] = amount
        note["currency_code"] = "BHD"
        note["currency_symbol"] = "BD"
        let noteID = note.string("creditnote_id") ?? ""
        creditNotes[noteID] = note
        _ = insertCreditNoteRefund(
            noteID: noteID, amount: (amount.decimalValue ?? 0, amount), date: refundDate,
            extra: [
                "description": "Refund for the damaged shipment", "reference_number": "SWIFT-7802",
                "refund_mode": "banktransfer",
            ], timestamp: stamp(refundDate, hour: 14))
    }
}
