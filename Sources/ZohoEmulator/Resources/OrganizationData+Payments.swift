#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Payments: /payments, /payments/{id}, /payments/{id}/refunds

extension OrganizationData {
    static let paymentFields: Set<String> = [
        "reference_number", "description", "exchange_rate", "bank_charges", "account_id", "tax_account_id",
        "custom_fields",
    ]

    static let paymentSortColumns: Set<String> = ["date", "amount", "created_time", "customer_name", "payment_number"]

    /// The payment named in the URL, or 404.
    func payment(_ id: String) throws -> JSONObject {
        guard let row = payments[id] else { throw APIError.notFound("Payment") }
        return row
    }

    /// The payment as Zoho returns it; each applied invoice shows its current balance.
    func paymentView(_ row: JSONObject) -> JSONObject {
        var view = row.publicView
        view["invoices"] = .array(
            (row["invoices"]?.arrayValue ?? []).map { entry in
                guard var object = entry.objectValue else { return entry }
                if let invoice = object.string("invoice_id").flatMap({ invoices[$0] }) {
                    object["balance_amount"] = invoice["balance"] ?? 0
                }
                return .object(object)
            })
        return view
    }

    /// Stores a payment and applies it to invoices. Applications must already be validated.
    mutating func insertPayment(
        customer: JSONObject,
        amount: (value: Decimal, json: JSONValue),
        mode: String,
        date: CalendarDate,
        applications: [(invoiceID: String, amount: Decimal)],
        extra: JSONObject,
        timestamp: String
    ) -> JSONObject {
        let id = nextID()
        let applied = applications.reduce(Decimal(0)) { $0 + $1.amount }
        var row: JSONObject = [
            "payment_id": .string(id),
            "payment_number": .string(nextNumber("PMT")),
            "payment_mode": .string(mode),
            "amount": amount.json,
            "amount_refunded": 0,
            "bank_charges": 0,
            "exchange_rate": 1,
            "unused_amount": .decimal(amount.value - applied),
            "date": .string(date.description),
            "status": "success",
            "customer_id": customer["customer_id"] ?? .null,
            "customer_name": customer["display_name"] ?? .null,
            "email": customer["email"] ?? .null,
            "created_time": .string(timestamp),
            "updated_time": .string(timestamp),
        ]
        row.merge(currencyFields(for: customer), fields: ["currency_code", "currency_symbol"])
        row.merge(extra, fields: Self.paymentFields.union(["autotransaction"]))
        row["invoices"] = .array(applicationEntries(applications, date: date))
        payments[id] = row
        for application in applications {
            applyPayment(
                invoiceID: application.invoiceID, amount: application.amount, payment: row, timestamp: timestamp)
        }
        recordEvent("payment_thankyou", payload: ["payment": .object(payments[id] ?? row)], time: timestamp)
        return payments[id] ?? row
    }

    private func applicationEntries(_ applications: [(invoiceID: String, amount: Decimal)], date: CalendarDate)
        -> [JSONValue]
    {
        applications.map { application in
            let invoice = invoices[application.invoiceID] ?? [:]
            return .object([
                "invoice_id": .string(application.invoiceID),
                "invoice_number": invoice["invoice_number"] ?? .null,
                "date": invoice["date"] ?? .null,
                "invoice_amount": invoice["total"] ?? 0,
                "amount_applied": .decimal(application.amount),
                "balance_amount": .decimal(invoice.amount("balance") - application.amount),
            ])
        }
    }

    /// Checks `invoices[]` of a payment body against the invoices' balances.
    ///
    /// - Parameter previous: What this payment already applies (on update), added back to the balances.
    private func validatedApplications(
        _ raw: [JSONObject], customerID: String, amount: Decimal, previous: [String: Decimal] = [:]
    ) throws -> [(invoiceID: String, amount: Decimal)] {
        var result: [(invoiceID: String, amount: Decimal)] = []
        for (position, entry) in raw.enumerated() {
            let label = "invoices[\(position)]"
            let invoiceID = try entry.requiredID("invoice_id", label: "\(label).invoice_id")
            guard let invoice = invoices[invoiceID] else {
                throw APIError.unknownReference("The invoice", field: "\(label).invoice_id")
            }
            guard invoice.string("customer_id") == customerID else {
                throw APIError.invalid("\(label).invoice_id", "The invoice belongs to a different customer.")
            }
            guard !result.contains(where: { $0.invoiceID == invoiceID }) else {
                throw APIError.invalid("\(label).invoice_id", "The invoice is listed more than once.")
            }
            switch invoice.string("status") {
            case "void": throw APIError.invalid("\(label).invoice_id", "Payments cannot be applied to a void invoice.")
            case "draft":
                throw APIError.invalid(
                    "\(label).invoice_id", "Payments cannot be applied to a draft invoice. Convert it to open first.")
            default: break
            }
            let applied = try entry.requiredAmount("amount_applied", label: "\(label).amount_applied").value
            let available = invoice.amount("balance") + (previous[invoiceID] ?? 0)
            guard applied > 0 else {
                throw APIError.invalid("\(label).amount_applied", "The amount must be more than zero.")
            }
            guard applied <= available else {
                throw APIError.invalid(
                    "\(label).amount_applied",
                    "The amount exceeds the invoice's balance due of \(Amount.format(available)).")
            }
            result.append((invoiceID, applied))
        }
        let total = result.reduce(Decimal(0)) { $0 + $1.amount }
        guard total <= amount else {
            throw APIError.invalid("invoices", "The amounts applied exceed the payment amount.")
        }
        return result
    }

    // MARK: Handlers

    mutating func listPayments(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.paymentSortColumns)
        let (applied, mode) = try context.filter(
            prefix: "PaymentMode",
            values: [
                ("All", ""), ("Check", "check"), ("Cash", "cash"), ("CreditCard", "creditcard"),
                ("BankTransfer", "banktransfer"), ("BankRemittance", "bankremittance"),
                ("AutoTransaction", "autotransaction"), ("Others", "others"),
            ])
        let customerID = context.query("customer_id")
        let inDateRange = try context.dateRange("date", field: "date")
        let rows = payments.all.filter { row in
            if let customerID, row.string("customer_id") != customerID { return false }
            if !inDateRange(row) || !context.contains("customer_name_contains", in: row, field: "customer_name") {
                return false
            }
            if !mode.isEmpty {
                let normalized = (row.string("payment_mode") ?? "").lowercased().filter { $0.isLetter }
                if normalized != mode { return false }
            }
            return true
        }
        return listReply(
            key: "payments", rows: rows, options: options, appliedFilter: applied,
            reportName: "Payments Received", view: paymentView)
    }

    mutating func createPayment(_ context: inout RequestContext) throws -> APIReply {
        let body = context.body
        let customer = try referencedCustomer(try body.requiredID("customer_id"))
        let mode = try body.requiredString("payment_mode")
        let amount = try body.requiredAmount("amount")
        guard amount.value > 0 else { throw APIError.invalid("amount", "The amount must be more than zero.") }
        let date = try body.optionalDate("date") ?? context.today
        var extra = body
        if let charges = try body.optionalAmount("bank_charges") { extra["bank_charges"] = charges.json }
        let applications = try validatedApplications(
            try body.optionalObjects("invoices") ?? [], customerID: customer.string("customer_id") ?? "",
            amount: amount.value)
        let row = insertPayment(
            customer: customer, amount: amount, mode: mode, date: date, applications: applications, extra: extra,
            timestamp: context.timestamp)
        return .created("The payment has been created.", ["payment": .object(paymentView(row))])
    }

    mutating func getPayment(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["payment": .object(paymentView(try payment(context.parameter(0))))])
    }

    mutating func updatePayment(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try payment(id)
        let body = context.body
        let customerID = row.string("customer_id") ?? ""
        if let newCustomer = try body.optionalID("customer_id"), newCustomer != customerID {
            throw APIError.invalid("customer_id", "The customer of a payment cannot be changed.")
        }
        var amount = (value: row.amount("amount"), json: row["amount"] ?? 0)
        if let newAmount = try body.optionalAmount("amount") {
            guard newAmount.value > 0 else { throw APIError.invalid("amount", "The amount must be more than zero.") }
            amount = newAmount
        }
        if let mode = try body.optionalString("payment_mode") { row["payment_mode"] = .string(mode) }
        if let date = try body.optionalDate("date") { row["date"] = .string(date.description) }
        if let charges = try body.optionalAmount("bank_charges") { row["bank_charges"] = charges.json }
        var previous: [String: Decimal] = [:]
        for entry in row["invoices"]?.arrayValue ?? [] {
            guard let object = entry.objectValue, let invoiceID = object.string("invoice_id") else { continue }
            previous[invoiceID, default: 0] += object.amount("amount_applied")
        }
        var applications = previous.map { (invoiceID: $0.key, amount: $0.value) }.sorted { $0.invoiceID < $1.invoiceID }
        if let raw = try body.optionalObjects("invoices") {
            applications = try validatedApplications(
                raw, customerID: customerID, amount: amount.value, previous: previous)
        }
        let applied = applications.reduce(Decimal(0)) { $0 + $1.amount }
        guard amount.value >= applied else {
            throw APIError.invalid("amount", "The amount cannot be less than the amount applied to invoices.")
        }
        guard amount.value >= row.amount("amount_refunded") else {
            throw APIError.invalid("amount", "The amount cannot be less than the amount already refunded.")
        }
        row.merge(body, fields: Self.paymentFields.subtracting(["bank_charges"]))
        row["amount"] = amount.json
        row["unused_amount"] = .decimal(amount.value - applied - row.amount("amount_refunded"))
        row["updated_time"] = .string(context.timestamp)
        if try body.optionalObjects("invoices") != nil {
            for invoiceID in previous.keys.sorted() {
                revertPayment(invoiceID: invoiceID, paymentID: id, timestamp: context.timestamp)
            }
            let date = CalendarDate(parsing: row.string("date") ?? "") ?? context.today
            row["invoices"] = .array(applicationEntries(applications, date: date))
            payments[id] = row
            for application in applications {
                applyPayment(
                    invoiceID: application.invoiceID, amount: application.amount, payment: row,
                    timestamp: context.timestamp)
            }
        } else {
            payments[id] = row
        }
        return .ok(
            "The payment details have been updated.", ["payment": .object(paymentView(payments[id] ?? row))])
    }

    mutating func deletePayment(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try payment(id)
        guard row.amount("amount_refunded") == 0 else {
            throw APIError.state("A payment that has been refunded cannot be deleted.")
        }
        for entry in row["invoices"]?.arrayValue ?? [] {
            guard let invoiceID = entry.objectValue?.string("invoice_id") else { continue }
            revertPayment(invoiceID: invoiceID, paymentID: id, timestamp: context.timestamp)
        }
        payments[id] = nil
        return .ok("The payment has been deleted.")
    }

    mutating func refundPayment(_ context: inout RequestContext) throws -> APIReply {
        let paymentID = context.parameter(0)
        var row = try payment(paymentID)
        let body = context.body
        let amount = try body.requiredAmount("amount")
        let refundable = row.amount("amount") - row.amount("amount_refunded")
        guard amount.value > 0 else { throw APIError.invalid("amount", "The amount must be more than zero.") }
        guard amount.value <= refundable else {
            throw APIError.invalid(
                "amount", "The refund exceeds the refundable amount of \(Amount.format(refundable)).")
        }
        let date = try body.optionalDate("date") ?? context.today
        let id = nextID()
        var refund: JSONObject = [
            "refund_id": .string(id),
            "payment_id": .string(paymentID),
            "date": .string(date.description),
            "amount": amount.json,
            "refund_mode": .string(try body.optionalString("refund_mode") ?? row.string("payment_mode") ?? "cash"),
            "status": "success",
            "customer_id": row["customer_id"] ?? .null,
            "customer_name": row["customer_name"] ?? .null,
            "email": row["email"] ?? .null,
            "created_time": .string(context.timestamp),
        ]
        refund.merge(currencyFields(for: row), fields: ["currency_code", "currency_symbol"])
        refund.merge(body, fields: ["description", "reference_number"])
        refunds[id] = refund
        row["amount_refunded"] = .decimal(row.amount("amount_refunded") + amount.value)
        let applied = (row["invoices"]?.arrayValue ?? []).reduce(Decimal(0)) {
            $0 + ($1.objectValue?.amount("amount_applied") ?? 0)
        }
        row["unused_amount"] = .decimal(max(0, row.amount("amount") - applied - row.amount("amount_refunded")))
        row["updated_time"] = .string(context.timestamp)
        payments[paymentID] = row
        return .created("The refund information has been saved.", ["refund": .object(refund.publicView)])
    }
}
