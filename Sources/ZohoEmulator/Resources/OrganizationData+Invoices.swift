#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore
import PlatformSupport

// MARK: - Invoices: /invoices, /invoices/{id} and its actions

extension OrganizationData {
    /// Top-level invoice fields a client may set on create or update.
    static let invoiceFields: Set<String> = [
        "reference_number", "payment_terms_label", "notes", "terms", "custom_fields", "salesperson_name",
        "exchange_rate", "allow_partial_payments", "template_id", "project_id", "contact_persons",
        "adjustment_description", "payment_expected_date", "billing_address", "shipping_address",
    ]

    static let invoiceSortColumns: Set<String> = [
        "customer_name", "invoice_number", "date", "due_date", "total", "balance", "created_time",
    ]

    /// The invoice named in the URL, or 404.
    func invoice(_ id: String) throws -> JSONObject {
        guard let row = invoices[id] else { throw APIError.notFound("Invoice") }
        return row
    }

    /// Whether money is still owed on the invoice (sent, overdue or partially paid).
    func isOpen(_ row: JSONObject) -> Bool {
        let status = row.string("status")
        return (status == "sent" || status == "partially_paid") && row.amount("balance") > 0
    }

    /// The status Zoho would show today: stored status, with `overdue` once an open invoice is past due.
    func invoiceStatus(_ row: JSONObject, today: CalendarDate) -> String {
        let stored = row.string("status") ?? "draft"
        if isOpen(row), let due = row.string("due_date").flatMap(CalendarDate.init(parsing:)), due < today {
            return "overdue"
        }
        return stored
    }

    /// The full invoice as `GET /invoices/{id}` returns it.
    func invoiceView(_ row: JSONObject, today: CalendarDate) -> JSONObject {
        var view = row.publicView
        view["status"] = .string(invoiceStatus(row, today: today))
        return view
    }

    /// The shorter row `GET /invoices` returns.
    /// The fields of an invoice that `GET /invoices` rows carry.
    static let invoiceRowKeys = [
        "invoice_id", "number", "invoice_number", "invoice_date", "date", "due_date", "customer_id",
        "customer_name", "email", "balance", "total", "payment_made", "currency_code", "currency_symbol",
        "created_time", "updated_time", "reference_number", "transaction_type", "subscriptions",
        "write_off_amount", "credits_applied",
    ]

    func invoiceRow(_ row: JSONObject, today: CalendarDate) -> JSONObject {
        // Looked up field by field: filtering every member of the stored row against a set built per row made a
        // list of the demo company's thousand invoices take over ten milliseconds.
        var view = JSONObject(minimumCapacity: Self.invoiceRowKeys.count + 2)
        for key in Self.invoiceRowKeys {
            if let value = row[key] { view[key] = value }
        }
        view["status"] = .string(invoiceStatus(row, today: today))
        view["has_attachment"] = false
        return view
    }

    /// Builds invoice line items, computing each `item_total` as `rate × quantity` in decimal arithmetic.
    ///
    /// `rate` and `price` are synonyms; both are echoed with the number exactly as sent.
    mutating func lineItems(_ raw: [JSONObject], label: String = "invoice_items") throws -> (
        items: [JSONValue], subTotal: Decimal
    ) {
        guard !raw.isEmpty else { throw APIError.missing(label) }
        var items: [JSONValue] = []
        var subTotal = Decimal(0)
        for (position, item) in raw.enumerated() {
            let prefix = "\(label)[\(position)]"
            let rate =
                try item.optionalAmount("rate", label: "\(prefix).rate")
                ?? item.optionalAmount("price", label: "\(prefix).price") ?? (0, 0)
            let quantity = try item.optionalAmount("quantity", label: "\(prefix).quantity") ?? (1, 1)
            guard rate.value >= 0 else { throw APIError.invalid("\(prefix).rate", "Rates cannot be negative.") }
            guard quantity.value > 0 else {
                throw APIError.invalid("\(prefix).quantity", "The quantity must be more than zero.")
            }
            let code = try item.optionalString("code", label: "\(prefix).code")
            let plan = code.flatMap { plans[$0] }
            guard
                let name = try item.optionalString("name", label: "\(prefix).name") ?? plan?.string("name")
                    ?? item.id("product_id") ?? item.id("item_id")
            else { throw APIError.missing("\(prefix).name") }
            let total = Amount.round(rate.value * quantity.value)
            subTotal += total
            var row: JSONObject = [
                "item_id": .string(nextID()),
                "name": .string(name),
                "price": rate.json,
                "rate": rate.json,
                "quantity": quantity.json,
                "item_total": .decimal(total),
                "discount_amount": 0,
            ]
            row.merge(item, fields: ["description", "code", "product_id", "unit", "tax_id", "item_custom_fields"])
            items.append(.object(row))
        }
        return (items, subTotal)
    }

    /// Stores a new invoice and returns it. Totals come from `items`; the balance starts at the total.
    mutating func insertInvoice(
        customer: JSONObject,
        date: CalendarDate,
        dueDate: CalendarDate,
        items: [JSONValue],
        subTotal: Decimal,
        status: String,
        transactionType: String,
        subscriptionID: String? = nil,
        extra: JSONObject = [:],
        timestamp: String
    ) -> JSONObject {
        let id = nextID()
        let number = extra.string("invoice_number") ?? nextNumber("INV")
        let shipping = extra.amount("shipping_charge")
        let adjustment = extra.amount("adjustment")
        var row: JSONObject = [
            "invoice_id": .string(id),
            "invoice_number": .string(number),
            "number": .string(number),
            "status": .string(status),
            "date": .string(date.description),
            "invoice_date": .string(date.description),
            "due_date": .string(dueDate.description),
            "payment_terms": .int(dueDate.dayNumber - date.dayNumber),
            "payment_terms_label": .string(
                dueDate == date ? "Due on Receipt" : "Net \(dueDate.dayNumber - date.dayNumber)"),
            "customer_id": customer["customer_id"] ?? .null,
            "customer_name": customer["display_name"] ?? .null,
            "email": customer["email"] ?? .null,
            "invoice_items": .array(items),
            "sub_total": .decimal(subTotal),
            "shipping_charge": extra["shipping_charge"] ?? 0,
            "adjustment": extra["adjustment"] ?? 0,
            "total": .decimal(subTotal + shipping + adjustment),
            "payment_made": 0,
            "credits_applied": 0,
            "write_off_amount": 0,
            "payments": [],
            "credits": [],
            "coupons": [],
            "transaction_type": .string(transactionType),
            "exchange_rate": 1,
            "is_emailed": false,
            "price_precision": 2,
            "invoice_url": .string("https://billing.example.com/portal/\(info.id)/invoices/\(id)"),
            "created_time": .string(timestamp),
            "updated_time": .string(timestamp),
        ]
        row.merge(currencyFields(for: customer), fields: ["currency_code", "currency_symbol"])
        row.merge(customer, fields: ["billing_address", "shipping_address"])
        row.merge(extra, fields: Self.invoiceFields)
        if let subscriptionID {
            row["subscriptions"] = [.object(["subscription_id": .string(subscriptionID)])]
        }
        settle(&row)
        invoices[id] = row
        recordEvent("invoice_created", payload: ["invoice": .object(row)], time: timestamp)
        return row
    }

    /// Recomputes `balance` and the stored status from total, payments, credits and write-offs.
    func settle(_ row: inout JSONObject) {
        let total = row.amount("total")
        let paid = row.amount("payment_made")
        let credits = row.amount("credits_applied")
        let writeOff = row.amount("write_off_amount")
        let stored = row.string("status") ?? "draft"
        if stored == "void" {
            row["balance"] = 0
            return
        }
        let balance = total - paid - credits - writeOff
        row["balance"] = .decimal(balance)
        if balance <= 0 {
            row["status"] = "paid"
        } else if paid + credits > 0 {
            row["status"] = "partially_paid"
        } else {
            row["status"] = stored == "draft" ? "draft" : "sent"
        }
    }

    /// Applies part of a payment to an invoice and records it in the invoice's `payments`.
    mutating func applyPayment(
        invoiceID: String, amount: Decimal, payment: JSONObject, timestamp: String
    ) {
        guard var row = invoices[invoiceID] else { return }
        row["payment_made"] = .decimal(row.amount("payment_made") + amount)
        var entries = row["payments"]?.arrayValue ?? []
        entries.append(
            .object([
                "payment_id": payment["payment_id"] ?? .null,
                "invoice_payment_id": .string(nextID()),
                "payment_mode": payment["payment_mode"] ?? .null,
                "date": payment["date"] ?? .null,
                "reference_number": payment["reference_number"] ?? .null,
                "description": payment["description"] ?? .null,
                "amount": .decimal(amount),
            ]))
        row["payments"] = .array(entries)
        row["last_payment_date"] = payment["date"] ?? .null
        row["updated_time"] = .string(timestamp)
        settle(&row)
        invoices[invoiceID] = row
    }

    /// Removes a payment's applications from an invoice.
    mutating func revertPayment(invoiceID: String, paymentID: String, timestamp: String) {
        guard var row = invoices[invoiceID] else { return }
        var removed = Decimal(0)
        let kept = (row["payments"]?.arrayValue ?? []).filter { entry in
            guard entry.objectValue?.string("payment_id") == paymentID else { return true }
            removed += entry.objectValue?.amount("amount") ?? 0
            return false
        }
        row["payments"] = .array(kept)
        row["payment_made"] = .decimal(row.amount("payment_made") - removed)
        row["updated_time"] = .string(timestamp)
        settle(&row)
        invoices[invoiceID] = row
    }

    // MARK: Handlers

    mutating func listInvoices(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.invoiceSortColumns)
        let (applied, wanted) = try context.filter(
            prefix: "Status",
            values: [
                ("All", Set<String>()), ("Sent", ["sent"]), ("Draft", ["draft"]), ("OverDue", ["overdue"]),
                ("Paid", ["paid"]), ("PartiallyPaid", ["partially_paid"]), ("Void", ["void"]),
                ("Unpaid", ["sent", "overdue", "partially_paid"]),
            ])
        let today = context.today
        let customerID = context.query("customer_id")
        let subscriptionID = context.query("subscription_id")
        let inDateRange = try context.dateRange("date", field: "date")
        let inDueDateRange = try context.dateRange("due_date", field: "due_date")
        let email = context.query("email")?.lowercased()
        let rows = invoices.all.filter { row in
            if !wanted.isEmpty, !wanted.contains(invoiceStatus(row, today: today)) { return false }
            guard context.contains("invoice_number_contains", in: row, field: "invoice_number"),
                context.contains("customer_name_contains", in: row, field: "customer_name"),
                inDateRange(row), inDueDateRange(row)
            else { return false }
            if let email, row.string("email")?.lowercased() != email { return false }
            if let customerID, row.string("customer_id") != customerID { return false }
            if let subscriptionID {
                let linked = (row["subscriptions"]?.arrayValue ?? []).contains {
                    $0.objectValue?.string("subscription_id") == subscriptionID
                }
                if !linked { return false }
            }
            return true
        }
        return listReply(
            key: "invoices", rows: rows.map { invoiceRow($0, today: today) }, options: options,
            appliedFilter: applied, reportName: "Invoices")
    }

    mutating func createInvoice(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let customer = try referencedCustomer(try body.requiredID("customer_id"))
        guard let date = try body.optionalDate("date") else { throw APIError.missing("date") }
        let terms = try body.optionalInt("payment_terms")
        if let terms, terms < 0 { throw APIError.invalid("payment_terms") }
        // Without a due date or terms in the request, the customer's payment terms decide, as in Zoho.
        let customerTerms = max(0, customer["payment_terms"]?.decimalValue?.intValue ?? 0)
        let dueDate = try body.optionalDate("due_date") ?? date.adding(days: terms ?? customerTerms)
        guard dueDate >= date else { throw APIError.invalid("due_date", "The due date cannot be before the date.") }
        guard let rawItems = try body.optionalObjects("invoice_items") else {
            throw APIError.missing("invoice_items")
        }
        var extra = body
        extra["shipping_charge"] = try body.optionalAmount("shipping_charge")?.json
        extra["adjustment"] = try body.optionalAmount("adjustment")?.json
        if let number = try body.optionalString("invoice_number") {
            if invoices.all.contains(where: { $0.string("invoice_number") == number }) {
                throw APIError.invalid("invoice_number", "Invoice number \(number) has already been used.")
            }
            extra["invoice_number"] = .string(number)
        } else {
            extra["invoice_number"] = nil
        }
        let (items, subTotal) = try lineItems(rawItems)
        let send = context.query("send")?.lowercased() == "true"
        let row = insertInvoice(
            customer: customer, date: date, dueDate: dueDate, items: items, subTotal: subTotal,
            status: send ? "sent" : "draft", transactionType: "invoice", extra: extra, timestamp: context.timestamp)
        return .created("The invoice has been created.", ["invoice": .object(invoiceView(row, today: context.today))])
    }

    mutating func getInvoice(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["invoice": .object(invoiceView(try invoice(context.parameter(0)), today: context.today))])
    }

    mutating func updateInvoice(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        guard row.string("status") != "void" else {
            throw APIError.state("A void invoice cannot be edited. Convert it to open first.")
        }
        let body = context.body
        if let customerID = try body.optionalID("customer_id"), customerID != row.string("customer_id") {
            guard row.amount("payment_made") == 0 else {
                throw APIError.state("The customer of an invoice with payments cannot be changed.")
            }
            let customer = try referencedCustomer(customerID)
            row["customer_id"] = .string(customerID)
            row["customer_name"] = customer["display_name"] ?? .null
            row["email"] = customer["email"] ?? .null
        }
        var date = CalendarDate(parsing: row.string("date") ?? "") ?? context.today
        if let newDate = try body.optionalDate("date") {
            date = newDate
            row["date"] = .string(date.description)
            row["invoice_date"] = .string(date.description)
        }
        if let terms = try body.optionalInt("payment_terms") {
            guard terms >= 0 else { throw APIError.invalid("payment_terms") }
            row["payment_terms"] = .int(terms)
            row["due_date"] = .string(date.adding(days: terms).description)
        }
        if let due = try body.optionalDate("due_date") {
            guard due >= date else { throw APIError.invalid("due_date", "The due date cannot be before the date.") }
            row["due_date"] = .string(due.description)
        }
        if let number = try body.optionalString("invoice_number"), number != row.string("invoice_number") {
            if invoices.all.contains(where: { $0.string("invoice_number") == number }) {
                throw APIError.invalid("invoice_number", "Invoice number \(number) has already been used.")
            }
            row["invoice_number"] = .string(number)
            row["number"] = .string(number)
        }
        var subTotal = row.amount("sub_total")
        if let rawItems = try body.optionalObjects("invoice_items") {
            let built = try lineItems(rawItems)
            row["invoice_items"] = .array(built.items)
            subTotal = built.subTotal
            row["sub_total"] = .decimal(subTotal)
        }
        if let shipping = try body.optionalAmount("shipping_charge") { row["shipping_charge"] = shipping.json }
        if let adjustment = try body.optionalAmount("adjustment") { row["adjustment"] = adjustment.json }
        let total = subTotal + row.amount("shipping_charge") + row.amount("adjustment")
        let settled = row.amount("payment_made") + row.amount("credits_applied") + row.amount("write_off_amount")
        guard total >= settled else {
            throw APIError.invalid(
                "invoice_items", "The invoice total cannot be less than the amount already paid or credited.")
        }
        row["total"] = .decimal(total)
        row.merge(body, fields: Self.invoiceFields)
        row["updated_time"] = .string(context.timestamp)
        settle(&row)
        invoices[id] = row
        return .ok(
            "Invoice information has been updated.", ["invoice": .object(invoiceView(row, today: context.today))])
    }

    mutating func deleteInvoice(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try invoice(id)
        guard row.amount("payment_made") == 0, row.amount("credits_applied") == 0 else {
            throw APIError.state(
                "The invoice cannot be deleted because payments or credits have been applied to it. Delete those first."
            )
        }
        invoices[id] = nil
        return .ok("The invoice has been deleted.")
    }

    mutating func convertInvoiceToOpen(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        let status = row.string("status")
        guard status == "draft" || status == "void" else {
            throw APIError.state("Only draft or void invoices can be converted to open.")
        }
        row["status"] = "sent"
        row["updated_time"] = .string(context.timestamp)
        settle(&row)
        invoices[id] = row
        return .ok("Status of the invoice has been changed to open.")
    }

    mutating func voidInvoice(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        guard row.string("status") != "void" else {
            throw APIError.state("The invoice \(row.string("invoice_number") ?? id) has already been voided.")
        }
        guard row.amount("payment_made") == 0, row.amount("credits_applied") == 0 else {
            throw APIError.state(
                "The invoice cannot be voided because payments or credits have been applied to it. Delete those first."
            )
        }
        row["status"] = "void"
        row["write_off_amount"] = 0
        row["updated_time"] = .string(context.timestamp)
        settle(&row)
        invoices[id] = row
        return .ok("Invoice has been marked as void.")
    }

    mutating func emailInvoice(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        let body = context.body
        let recipients = try emailAddresses(body, "to_mail_ids", required: true)
        let copies = try emailAddresses(body, "cc_mail_ids", required: false)
        guard row.string("status") != "void" else { throw APIError.state("A void invoice cannot be emailed.") }
        let number = row.string("invoice_number") ?? id
        let subject = try body.optionalString("subject") ?? "Invoice \(number) from \(info.name)"
        let message = try body.optionalString("body") ?? "Please find your invoice \(number) attached."
        if row.string("status") == "draft" { row["status"] = "sent" }
        row["is_emailed"] = true
        row["updated_time"] = .string(context.timestamp)
        settle(&row)
        invoices[id] = row
        context.sentEmails.append(
            EmulatorSentEmail(
                organizationID: info.id, invoiceID: id, to: recipients, cc: copies, subject: subject, body: message))
        return .ok("Your invoice has been sent.")
    }

    mutating func collectInvoice(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try invoice(id)
        guard row.string("status") != "void", row.string("status") != "draft" else {
            throw APIError.state("Only open invoices can be charged. Convert the invoice to open first.")
        }
        let balance = row.amount("balance")
        guard balance > 0 else { throw APIError.state("There is no balance due on this invoice.") }
        let customer = try referencedCustomer(row.string("customer_id") ?? "")
        let payment = insertPayment(
            customer: customer, amount: (balance, .decimal(balance)), mode: "autotransaction",
            date: context.today,
            applications: [(id, balance)],
            extra: [
                "reference_number": row["invoice_number"] ?? .null,
                "description": .string("Payment collected for invoice \(row.string("invoice_number") ?? id)"),
                "autotransaction": .object([
                    "autotransaction_id": .string(nextID()),
                    "payment_gateway": "test_gateway",
                    "gateway_transaction_id": .string("TXN-\(nextID())"),
                    "card_id": "",
                    "last_four_digits": "4242",
                ]),
            ], timestamp: context.timestamp)
        return .ok("The customer payment has been recorded.", ["payment": .object(paymentView(payment))])
    }

    mutating func writeOffInvoice(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        guard isOpen(row) else {
            throw APIError.state("Only open invoices with a balance due can be written off.")
        }
        row["write_off_amount"] = .decimal(row.amount("balance"))
        if let reason = try context.body.optionalString("reason") { row["write_off_reason"] = .string(reason) }
        row["updated_time"] = .string(context.timestamp)
        settle(&row)
        invoices[id] = row
        return .ok("Invoice has been written off.")
    }

    mutating func cancelInvoiceWriteOff(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        guard row.amount("write_off_amount") > 0 else {
            throw APIError.state("This invoice has not been written off.")
        }
        row["write_off_amount"] = 0
        row["write_off_reason"] = nil
        row["updated_time"] = .string(context.timestamp)
        settle(&row)
        invoices[id] = row
        return .ok("The write off done for this invoice has been cancelled.")
    }

    mutating func applyCredits(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        guard let entries = try context.body.optionalObjects("apply_creditnotes"), !entries.isEmpty else {
            throw APIError.missing("apply_creditnotes")
        }
        guard isOpen(row) else { throw APIError.state("Credits can be applied only to open invoices.") }
        var plan: [(creditNoteID: String, amount: Decimal)] = []
        var requested = Decimal(0)
        for (position, entry) in entries.enumerated() {
            let label = "apply_creditnotes[\(position)]"
            let noteID = try entry.requiredID("creditnote_id", label: "\(label).creditnote_id")
            guard let note = creditNotes[noteID], note.string("customer_id") == row.string("customer_id") else {
                throw APIError.unknownReference("The credit note", field: "\(label).creditnote_id")
            }
            let amount = try entry.requiredAmount("amount_applied", label: "\(label).amount_applied").value
            let alreadyPlanned = plan.filter { $0.creditNoteID == noteID }.reduce(Decimal(0)) { $0 + $1.amount }
            guard amount > 0, amount + alreadyPlanned <= note.amount("balance") else {
                throw APIError.invalid(
                    "\(label).amount_applied", "It must be more than zero and at most the credit note's balance.")
            }
            plan.append((noteID, amount))
            requested += amount
        }
        guard requested <= row.amount("balance") else {
            throw APIError.invalid("apply_creditnotes", "The credits exceed the invoice balance.")
        }
        var applied: [JSONValue] = []
        var credits = row["credits"]?.arrayValue ?? []
        for (noteID, amount) in plan {
            guard var note = creditNotes[noteID] else { continue }
            note["balance"] = .decimal(note.amount("balance") - amount)
            if note.amount("balance") == 0 { note["status"] = "closed" }
            creditNotes[noteID] = note
            credits.append(
                .object([
                    "creditnote_id": .string(noteID),
                    "creditnotes_number": note["creditnote_number"] ?? .null,
                    "credited_date": .string(context.today.description),
                    "credited_amount": .decimal(amount),
                ]))
            applied.append(
                .object([
                    "creditnotes_invoice_id": .string(nextID()),
                    "creditnote_id": .string(noteID),
                    "invoice_id": .string(id),
                    "amount_applied": .decimal(amount),
                    "date": .string(context.today.description),
                ]))
        }
        row["credits"] = .array(credits)
        row["credits_applied"] = .decimal(row.amount("credits_applied") + requested)
        row["updated_time"] = .string(context.timestamp)
        settle(&row)
        invoices[id] = row
        return .ok("Credits have been applied to the invoice(s).", ["apply_creditnotes": .array(applied)])
    }
}
