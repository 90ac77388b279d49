#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Invoice extras: address, custom fields, pending line items, and collect with a chosen payment method

extension OrganizationData {
    /// Offset from the product id to the ids of the invoice custom fields the sandbox defines.
    static let seededCustomFieldOffset: Int64 = 700_000_000

    /// The invoice custom fields the demo organization has set up, as Zoho's settings would list them.
    mutating func seedInvoiceCustomFields() {
        guard let base = Int64(productID) else { return }
        let definitions: [(label: String, type: String)] = [("PO approver", "string"), ("Cost centre", "string")]
        for (index, definition) in definitions.enumerated() {
            let id = String(base + Self.seededCustomFieldOffset + Int64(index) + 1)
            invoiceCustomFields[id] = [
                "customfield_id": .string(id),
                "index": .int(index + 1),
                "label": .string(definition.label),
                "data_type": .string(definition.type),
                "placeholder": .string("cf_" + String(definition.label.lowercased().map { $0 == " " ? "_" : $0 })),
                "is_active": true,
            ]
        }
    }

    /// Invoices whose lines may still change through the line-item endpoints.
    private func acceptsLineChanges(_ row: JSONObject) -> Bool {
        let status = row.string("status")
        return status == "pending" || status == "draft"
    }

    /// Recomputes `sub_total`, `total`, `balance` and status after the lines changed.
    private func retotal(_ row: inout JSONObject) throws {
        let subTotal = (row["invoice_items"]?.arrayValue ?? []).reduce(Decimal(0)) {
            $0 + ($1.objectValue?.amount("item_total") ?? 0)
        }
        let total = subTotal + row.amount("shipping_charge") + row.amount("adjustment")
        let settled = row.amount("payment_made") + row.amount("credits_applied") + row.amount("write_off_amount")
        guard total >= settled else {
            throw APIError.invalid(
                "invoice_items", "The invoice total cannot be less than the amount already paid or credited.")
        }
        row["sub_total"] = .decimal(subTotal)
        row["total"] = .decimal(total)
        // A draft or pending invoice is not owed yet, whatever its total: `settle` must not open or close it.
        let status = row["status"]
        settle(&row)
        row["status"] = status
    }

    // MARK: Handlers

    mutating func updateInvoiceAddress(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        let billing = try context.body.optionalObject("billing_address")
        let shipping = try context.body.optionalObject("shipping_address")
        guard billing != nil || shipping != nil else { throw APIError.missing("billing_address") }
        let fields: Set<String> = [
            "attention", "street", "street2", "city", "state", "state_code", "zip", "country", "fax",
        ]
        for (key, change) in [("billing_address", billing), ("shipping_address", shipping)] {
            guard let change else { continue }
            var address = row[key]?.objectValue ?? [:]
            address.merge(change, fields: fields)
            row[key] = .object(address)
        }
        row["updated_time"] = .string(context.timestamp)
        invoices[id] = row
        return .ok(
            "Invoice address updated",
            [
                "invoice_address": .object([
                    "billing_address": row["billing_address"] ?? [:],
                    "shipping_address": row["shipping_address"] ?? [:],
                ])
            ])
    }

    /// Stores custom field values on an invoice; `entries` pairs each known definition with its new value.
    private mutating func storeCustomFields(
        _ entries: [(definition: JSONObject, value: JSONValue)], invoiceID: String, timestamp: String
    ) -> [JSONValue] {
        guard var row = invoices[invoiceID] else { return [] }
        var fields = (row["custom_fields"]?.arrayValue ?? []).compactMap(\.objectValue)
        for (definition, value) in entries {
            var field = definition
            field["value"] = value
            if let position = fields.firstIndex(where: {
                $0.string("customfield_id") == definition.string("customfield_id")
            }) {
                fields[position] = field
            } else {
                fields.append(field)
            }
        }
        row["custom_fields"] = .array(fields.map(JSONValue.object))
        row["updated_time"] = .string(timestamp)
        invoices[invoiceID] = row
        return fields.map(JSONValue.object)
    }

    /// The custom field values of a request body, each checked against the organization's definitions.
    private func customFieldEntries(
        _ body: JSONObject, key: (JSONObject) -> String?, keyName: String
    ) throws -> [(definition: JSONObject, value: JSONValue)] {
        guard let raw = try body.optionalObjects("custom_fields"), !raw.isEmpty else {
            throw APIError.missing("custom_fields")
        }
        return try raw.enumerated().map { position, entry in
            let label = "custom_fields[\(position)]"
            guard let wanted = key(entry), !wanted.isEmpty else { throw APIError.missing("\(label).\(keyName)") }
            guard let definition = invoiceCustomFields.all.first(where: { $0.string(keyName) == wanted }) else {
                throw APIError.unknownReference("The custom field", field: "\(label).\(keyName)")
            }
            guard let value = entry["value"], !value.isNull else { throw APIError.missing("\(label).value") }
            return (definition, value)
        }
    }

    mutating func updateInvoiceCustomFields(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try invoice(id)
        let entries = try customFieldEntries(context.body, key: { $0.string("label") }, keyName: "label")
        let fields = storeCustomFields(entries, invoiceID: id, timestamp: context.timestamp)
        return .ok("Custom Fields Updated Successfully", ["custom_fields": .array(fields)])
    }

    /// `PUT /invoice/{id}/customfields` (singular `invoice`, as Zoho spells it). Zoho documents a bare array body;
    /// the emulator's parser reads objects, so it takes the same entries under `custom_fields`.
    mutating func setInvoiceCustomFieldsByID(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        _ = try invoice(id)
        let entries = try customFieldEntries(context.body, key: { $0.id("customfield_id") }, keyName: "customfield_id")
        _ = storeCustomFields(entries, invoiceID: id, timestamp: context.timestamp)
        return .ok("Custom Fields Updated Successfully")
    }

    mutating func addInvoiceLineItems(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try invoice(id)
        guard let raw = try context.body.optionalObjects("invoice_items"), !raw.isEmpty else {
            throw APIError.missing("invoice_items")
        }
        guard acceptsLineChanges(row) else {
            throw APIError.state("Line items can be added only to pending or draft invoices.")
        }
        let built = try lineItems(raw)
        row["invoice_items"] = .array((row["invoice_items"]?.arrayValue ?? []) + built.items)
        try retotal(&row)
        row["updated_time"] = .string(context.timestamp)
        invoices[id] = row
        return .ok(
            "Invoice information has been updated.", ["invoice": .object(invoiceView(row, today: context.today))])
    }

    mutating func deleteInvoiceLineItem(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let itemID = context.parameter(1)
        var row = try invoice(id)
        let items = row["invoice_items"]?.arrayValue ?? []
        guard items.contains(where: { $0.objectValue?.string("item_id") == itemID }) else {
            throw APIError.notFound("Line item")
        }
        guard acceptsLineChanges(row) else {
            throw APIError.state("Line items can be deleted only from pending or draft invoices.")
        }
        row["invoice_items"] = .array(items.filter { $0.objectValue?.string("item_id") != itemID })
        try retotal(&row)
        row["updated_time"] = .string(context.timestamp)
        invoices[id] = row
        return .ok("Invoice information has been updated.")
    }

    /// `POST /invoices/{id}/collect` with the payment method checked: `card_id` or `account_id` (not both) must
    /// belong to the invoice's customer. Without either, the customer's first active card is charged.
    mutating func collectInvoicePayment(_ context: inout RequestContext) throws -> APIReply {
        let row = try invoice(context.parameter(0))
        let customerID = row.string("customer_id") ?? ""
        let cardID = try context.body.optionalID("card_id")
        let accountID = try context.body.optionalID("account_id")
        if cardID != nil, accountID != nil {
            throw APIError.invalid("card_id", "Pass either card_id or account_id, not both.")
        }
        var method: JSONObject = [:]
        if let cardID {
            let card = try referencedCard(cardID, customerID: customerID)
            method = ["card_id": .string(cardID), "last_four_digits": card["last_four_digits"] ?? .null]
        } else if let accountID {
            guard let account = bankAccounts[accountID], account.string("customer_id") == customerID else {
                throw APIError.unknownReference("The bank account", field: "account_id")
            }
            method = ["account_id": .string(accountID), "last_four_digits": account["last_four_digits"] ?? .null]
        } else if let card = cards.all.first(where: {
            $0.string("customer_id") == customerID && $0.string("status") == "active"
        }) {
            method = ["card_id": card["card_id"] ?? .null, "last_four_digits": card["last_four_digits"] ?? .null]
        }
        var reply = try collectInvoice(&context)
        guard !method.isEmpty, var payment = reply.body["payment"]?.objectValue,
            let paymentID = payment.string("payment_id"), var stored = payments[paymentID]
        else { return reply }
        var transaction = stored["autotransaction"]?.objectValue ?? [:]
        transaction["card_id"] = nil
        for (key, value) in method { transaction[key] = value }
        stored["autotransaction"] = .object(transaction)
        payments[paymentID] = stored
        payment["autotransaction"] = .object(transaction)
        reply.body["payment"] = .object(payment)
        return reply
    }
}
