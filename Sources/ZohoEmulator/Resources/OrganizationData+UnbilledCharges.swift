#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Unbilled charges: /unbilledcharges/{id} and its conversion to an invoice

extension OrganizationData {
    /// The unbilled charge named in the URL, or 404.
    func unbilledCharge(_ id: String) throws -> JSONObject {
        guard let row = unbilledCharges[id] else { throw APIError.notFound("Unbilled charge") }
        return row
    }

    /// Holds `items` (each with `name`, `description`, `code`, `rate`/`price` and `quantity`) on the subscription
    /// instead of invoicing them. A subscription has at most one open unbilled charge; new items join it as
    /// further lines, as Zoho does.
    mutating func holdUnbilled(_ items: [JSONObject], subscriptionID: String, timestamp: String, today: CalendarDate)
        throws -> JSONObject
    {
        let owner = try subscription(subscriptionID)
        guard let customer = owner.string("customer_id").flatMap({ customers[$0] }) else {
            throw APIError.unknownReference("The customer", field: "customer_id")
        }
        var row: JSONObject
        if let existing = owner.string("unbilled_charge_id").flatMap({ unbilledCharges[$0] }),
            existing.string("status") == "open"
        {
            row = existing
        } else {
            let id = nextID()
            row = [
                "unbilled_charge_id": .string(id),
                "number": .string(nextNumber("UNBILL")),
                "status": "open",
                "unbilled_charge_date": .string(today.description),
                "subscription_id": .string(subscriptionID),
                "customer_id": customer["customer_id"] ?? .null,
                "customer_name": customer["display_name"] ?? .null,
                "email": customer["email"] ?? .null,
                "unbilled_charge_items": [],
                "coupons": [],
                "total": 0,
                "created_time": .string(timestamp),
            ]
            row.merge(currencyFields, fields: ["currency_code", "currency_symbol"])
            row.merge(customer, fields: ["billing_address", "shipping_address"])
        }
        var lines = row["unbilled_charge_items"]?.arrayValue ?? []
        var total = row.amount("total")
        for (position, item) in items.enumerated() {
            let label = "unbilled_charge_items[\(position)]"
            let rate =
                try item.optionalAmount("rate", label: "\(label).rate")
                ?? item.optionalAmount("price", label: "\(label).price") ?? (0, 0)
            let quantity = try item.optionalAmount("quantity", label: "\(label).quantity") ?? (1, 1)
            let itemTotal = Amount.round(rate.value * quantity.value)
            total += itemTotal
            var line: JSONObject = [
                "unbilled_charge_item_id": .string(nextID()),
                "name": item["name"] ?? "Charge",
                "description": item["description"] ?? "",
                "price": rate.json,
                "quantity": quantity.json,
                "discount_amount": 0,
                "item_total": .decimal(itemTotal),
                "product_type": "service",
            ]
            line.merge(item, fields: ["code", "product_id", "tax_id"])
            lines.append(.object(line))
        }
        row["unbilled_charge_items"] = .array(lines)
        row["total"] = .decimal(total)
        row["updated_time"] = .string(timestamp)
        let id = row.string("unbilled_charge_id") ?? ""
        unbilledCharges[id] = row
        subscriptions[subscriptionID]?["unbilled_charge_id"] = .string(id)
        addActivity(
            subscriptionID, "Charges added to unbilled charge \(row.string("number") ?? "")", timestamp: timestamp)
        return row
    }

    /// The reply of `POST /subscriptions/{id}/charge` or `/buyonetimeaddon` with `add_to_unbilled_charges`.
    mutating func holdUnbilledReply(_ items: [JSONObject], context: RequestContext) throws -> APIReply {
        let row = try holdUnbilled(
            items, subscriptionID: context.parameter(0), timestamp: context.timestamp, today: context.today)
        return .ok(
            "The charges have been added to the unbilled charges of the subscription.",
            ["unbilled_charge": .object(row.publicView)])
    }

    /// One open unbilled charge on the subscription the default subscription list shows first, so a tool example
    /// that reads `unbilled_charge_id` from `list_subscriptions` finds one.
    mutating func seedUnbilledCharges(today: CalendarDate) {
        let newest = sortRows(subscriptions.all, column: "created_time", descending: true)
        guard let id = newest.first?.string("subscription_id") else { return }
        _ = try? holdUnbilled(
            [
                [
                    "name": "API overage", "description": "12,000 API calls over the plan's quota",
                    "rate": .amount("0.003"), "quantity": 12000,
                ],
                [
                    "name": "Priority support hours", "description": "Two hours of priority support", "rate": 45,
                    "quantity": 2,
                ],
            ], subscriptionID: id, timestamp: stamp(today.adding(days: -3)), today: today.adding(days: -3))
    }

    // MARK: Handlers

    mutating func getUnbilledCharge(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["unbilled_charge": .object(try unbilledCharge(context.parameter(0)).publicView)])
    }

    mutating func deleteUnbilledCharge(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let row = try unbilledCharge(id)
        guard row.string("status") == "open" else {
            throw APIError.state("This unbilled charge has already been invoiced and cannot be deleted.")
        }
        unbilledCharges[id] = nil
        if let subscriptionID = row.string("subscription_id"),
            subscriptions[subscriptionID]?.string("unbilled_charge_id") == id
        {
            subscriptions[subscriptionID]?["unbilled_charge_id"] = nil
            addActivity(
                subscriptionID, "Unbilled charge \(row.string("number") ?? "") deleted", timestamp: context.timestamp)
        }
        return .ok("The unbilled charges have been deleted.")
    }

    mutating func invoiceUnbilledCharge(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try unbilledCharge(id)
        guard row.string("status") == "open" else {
            throw APIError.state("This unbilled charge has already been invoiced.")
        }
        guard let customer = row.string("customer_id").flatMap({ customers[$0] }) else {
            throw APIError.state("The customer of this unbilled charge no longer exists.")
        }
        let raw: [JSONObject] = (row["unbilled_charge_items"]?.arrayValue ?? []).compactMap(\.objectValue).map {
            var line: JSONObject = [
                "name": $0["name"] ?? "Charge", "rate": $0["price"] ?? 0, "quantity": $0["quantity"] ?? 1,
            ]
            line.merge($0, fields: ["description", "code", "product_id", "tax_id"])
            return line
        }
        let (items, subTotal) = try lineItems(raw)
        let subscriptionID = row.string("subscription_id")
        let terms = subscriptionID.flatMap { subscriptions[$0] }?["payment_terms"]?.decimalValue?.intValue ?? 0
        let invoice = insertInvoice(
            customer: customer, date: context.today, dueDate: context.today.adding(days: max(0, terms)), items: items,
            subTotal: subTotal, status: "sent", transactionType: "one_time", subscriptionID: subscriptionID,
            timestamp: context.timestamp)
        row["status"] = "invoiced"
        row["invoice_id"] = invoice["invoice_id"] ?? .null
        row["updated_time"] = .string(context.timestamp)
        unbilledCharges[id] = row
        if let subscriptionID, subscriptions[subscriptionID]?.string("unbilled_charge_id") == id {
            subscriptions[subscriptionID]?["unbilled_charge_id"] = nil
            addActivity(
                subscriptionID, "Invoice \(invoice.string("invoice_number") ?? "") created from unbilled charges",
                timestamp: context.timestamp)
        }
        return .created(
            "Unbilled Charges have been invoiced.", ["invoice": .object(invoiceView(invoice, today: context.today))])
    }
}
