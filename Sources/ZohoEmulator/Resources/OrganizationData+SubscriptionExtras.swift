#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Subscription extras: card, contact persons, line text, reference, salesperson, custom fields, notes

extension OrganizationData {
    /// Offset from a subscription's id to the id of the note the sandbox seeds on it.
    static let seededNoteOffset: Int64 = 800_000_000

    /// Everything the module extras add to the demo data: stored payment methods, the CRM link, invoice custom
    /// field definitions, the card on each auto-collect subscription and one note.
    mutating func seedModuleExtras(today: CalendarDate) {
        seedPaymentMethods(today: today)
        seedInvoiceCustomFields()
        for subscription in subscriptions.all {
            guard let id = subscription.string("subscription_id"), let customerID = subscription.string("customer_id")
            else { continue }
            if subscription["auto_collect"]?.lenientBoolValue == true,
                let card = cards.all.first(where: { $0.string("customer_id") == customerID })
            {
                let summary = cardSummary(card)
                subscriptions[id]?["card"] = .object(summary)
            }
        }
        if let first = subscriptions.all.first, let id = first.string("subscription_id"), let number = Int64(id) {
            let note: JSONObject = [
                "note_id": .string(String(number + Self.seededNoteOffset)),
                "description": "Customer asked to be invoiced in the first week of the month.",
                "commented_by": "Demo Owner",
                "commented_time": .string(stamp(today.adding(days: -30))),
            ]
            subscriptions[id]?["notes"] = [.object(note)]
        }
    }

    /// The card as a subscription embeds it.
    func cardSummary(_ card: JSONObject) -> JSONObject {
        let keys: Set<String> = ["card_id", "last_four_digits", "payment_gateway", "expiry_month", "expiry_year"]
        return card.filter { keys.contains($0.key) }
    }

    /// The subscription named in the URL, refused when it has ended.
    private func changeableSubscription(_ id: String) throws -> JSONObject {
        let row = try subscription(id)
        guard !Self.endedStatuses.contains(row.string("status") ?? "") else {
            throw APIError.state("A cancelled or expired subscription cannot be changed. Reactivate it first.")
        }
        return row
    }

    /// Saves the row with a fresh `updated_time` and an activity entry.
    private mutating func save(_ row: JSONObject, id: String, activity: String, context: RequestContext) {
        var row = row
        row["updated_time"] = .string(context.timestamp)
        subscriptions[id] = row
        addActivity(id, activity, timestamp: context.timestamp)
    }

    // MARK: Handlers

    mutating func updateSubscriptionCard(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try changeableSubscription(id)
        let cardID = try context.body.requiredID("card_id")
        let card = try referencedCard(cardID, customerID: row.string("customer_id") ?? "")
        row["card"] = .object(cardSummary(card))
        if let autoCollect = try context.body.optionalBool("auto_collect") { row["auto_collect"] = .bool(autoCollect) }
        save(row, id: id, activity: "Card ending \(card.string("last_four_digits") ?? "") set", context: context)
        return .ok(
            "Card has been updated successfully.", ["subscription": .object(subscriptionView(subscriptions[id] ?? row))]
        )
    }

    mutating func removeSubscriptionCard(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard row["card"] != nil else { throw APIError.state("The subscription has no card to remove.") }
        row["card"] = nil
        row["auto_collect"] = false
        save(row, id: id, activity: "Card removed; switched to offline payment mode", context: context)
        return .ok("Card has been successfully removed from the subscription.")
    }

    mutating func addSubscriptionContactPersons(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard let raw = try context.body.optionalObjects("contactpersons"), !raw.isEmpty else {
            throw APIError.missing("contactpersons")
        }
        let customerID = row.string("customer_id")
        var attached = (row["contactpersons"]?.arrayValue ?? []).compactMap {
            $0.objectValue?.string("contactperson_id")
        }
        for (position, entry) in raw.enumerated() {
            let field = "contactpersons[\(position)].contactperson_id"
            let personID = try entry.requiredID("contactperson_id", label: field)
            guard contactPersons[personID]?.string("customer_id") == customerID else {
                throw APIError.unknownReference("The contact person", field: field)
            }
            if !attached.contains(personID) { attached.append(personID) }
        }
        row["contactpersons"] = .array(attached.map { .object(["contactperson_id": .string($0)]) })
        save(row, id: id, activity: "Contact persons updated", context: context)
        return .ok(
            "The contact person's information has been added.",
            ["subscription": .object(subscriptionView(subscriptions[id] ?? row))])
    }

    mutating func updateSubscriptionLineItem(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let code = context.parameter(1)
        var row = try subscription(id)
        let description = try context.body.requiredString("description")
        if var plan = row["plan"]?.objectValue, plan.string("plan_code") == code {
            plan["plan_description"] = .string(description)
            row["plan"] = .object(plan)
        } else {
            var addons = (row["addons"]?.arrayValue ?? []).compactMap(\.objectValue)
            guard let position = addons.firstIndex(where: { $0.string("addon_code") == code }) else {
                throw APIError.notFound("Plan or addon \(code) on this subscription")
            }
            addons[position]["addon_description"] = .string(description)
            row["addons"] = .array(addons.map(JSONValue.object))
        }
        save(row, id: id, activity: "Description of \(code) changed", context: context)
        return .ok("Item description has been updated successfully.")
    }

    mutating func updateSubscriptionReference(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        row["reference_id"] = .string(try context.body.requiredString("reference_id"))
        save(row, id: id, activity: "Reference changed", context: context)
        return .ok(
            "Subscription has been updated successfully.",
            ["subscription": .object(subscriptionView(subscriptions[id] ?? row))])
    }

    mutating func updateSubscriptionSalesperson(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        row["salesperson_name"] = .string(try context.body.requiredString("salesperson_name"))
        row["salesperson_id"] = .string(try context.body.optionalID("salesperson_id") ?? "")
        save(row, id: id, activity: "Salesperson changed", context: context)
        return .ok(
            "Sales Person has been updated successfully.",
            ["subscription": .object(subscriptionView(subscriptions[id] ?? row))])
    }

    mutating func updateSubscriptionCustomFields(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        guard let raw = try context.body.optionalObjects("custom_fields"), !raw.isEmpty else {
            throw APIError.missing("custom_fields")
        }
        var fields = (row["custom_fields"]?.arrayValue ?? []).compactMap(\.objectValue)
        for (position, entry) in raw.enumerated() {
            let label = try entry.requiredString("label", label: "custom_fields[\(position)].label")
            guard let value = entry["value"], !value.isNull else {
                throw APIError.missing("custom_fields[\(position)].value")
            }
            if let existing = fields.firstIndex(where: { $0.string("label") == label }) {
                fields[existing]["value"] = value
            } else {
                fields.append(["label": .string(label), "value": value, "index": .int(fields.count + 1)])
            }
        }
        row["custom_fields"] = .array(fields.map(JSONValue.object))
        save(row, id: id, activity: "Custom fields updated", context: context)
        return .ok("Custom Fields Updated Successfully.", ["custom_fields": .array(fields.map(JSONValue.object))])
    }

    mutating func addSubscriptionNote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        var row = try subscription(id)
        let description = try context.body.requiredString("description")
        let note: JSONObject = [
            "note_id": .string(nextID()),
            "description": .string(description),
            "commented_by": "Demo Owner",
            "commented_time": .string(context.timestamp),
        ]
        row["notes"] = .array((row["notes"]?.arrayValue ?? []) + [.object(note)])
        row["updated_time"] = .string(context.timestamp)
        subscriptions[id] = row
        return .ok("Notes added.", ["note": .object(note)])
    }

    mutating func deleteSubscriptionNote(_ context: inout RequestContext) throws -> APIReply {
        let id = context.parameter(0)
        let noteID = context.parameter(1)
        var row = try subscription(id)
        let notes = row["notes"]?.arrayValue ?? []
        guard notes.contains(where: { $0.objectValue?.string("note_id") == noteID }) else {
            throw APIError.notFound("Note")
        }
        row["notes"] = .array(notes.filter { $0.objectValue?.string("note_id") != noteID })
        row["updated_time"] = .string(context.timestamp)
        subscriptions[id] = row
        return .ok("The note has been deleted.")
    }
}
