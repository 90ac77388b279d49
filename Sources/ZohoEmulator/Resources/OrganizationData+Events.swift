import JSONCore

// MARK: - Events: /events and /events/{id}

extension OrganizationData {
    /// The event types Zoho Billing documents; `GET /events?event_type=` accepts only these.
    static let eventTypes: Set<String> = [
        "subscription_created", "trial_expiring", "subscription_activation", "subscription_ahead",
        "subscription_renewed", "billing_date_changed", "subscription_upgraded", "subscription_downgraded",
        "subscription_unpaid", "subscription_cancelled", "subscription_reactivated",
        "subscription_cancellation_scheduled", "subscription_move_to_free_scheduled", "subscription_expiring",
        "subscription_expired", "subscription_deleted", "invoice_created", "creditnote_added", "payment_thankyou",
        "payment_refunded", "payment_declined", "card_expired", "card_expiring", "card_deleted",
    ]

    /// Appends an event to the log. `payload` is the record as it was when the event happened, under its
    /// resource key (`["invoice": …]`), the way webhooks carry it.
    ///
    /// Event ids come from their own counter, so recording events never moves the ids of other records.
    mutating func recordEvent(_ type: String, payload: JSONObject, time: String) {
        eventCount += 1
        let id = "\(info.id)\(pad(eventCount, 6))"
        events[id] = [
            "event_id": .string(id),
            "event_type": .string(type),
            "event_time": .string(time),
            "payload": .object(payload.mapValues { $0.objectValue.map { .object($0.publicView) } ?? $0 }),
            "webhooks": [],
        ]
    }

    /// Events for seeded facts that no insert helper records: cancellations and a card about to expire.
    mutating func seedEvents(today: CalendarDate) {
        for row in subscriptions.all where row.string("status") == "cancelled" {
            let date = row.string("cancelled_at").flatMap(CalendarDate.init(parsing:)) ?? today
            recordEvent(
                "subscription_cancelled", payload: ["subscription": .object(subscriptionView(row))],
                time: stamp(date, hour: 10))
        }
        if let live = subscriptions.all.first(where: { $0.string("status") == "live" }) {
            let expiry = today.adding(days: 15).components
            recordEvent(
                "card_expiring",
                payload: [
                    "card": [
                        "card_id": .string("\(info.id)\(pad(900_001, 7))"), "last_four_digits": "4242",
                        "expiry_month": .int(expiry.month), "expiry_year": .int(expiry.year),
                        "customer_id": live["customer_id"] ?? .null,
                    ]
                ], time: stamp(today, hour: 6))
        }
    }

    // MARK: Handlers

    mutating func listEvents(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: ["event_time", "event_type"], defaultSort: "event_time")
        let type = context.query("event_type")
        if let type, !Self.eventTypes.contains(type) {
            throw APIError.invalid("event_type", "Use one of the documented event types, such as invoice_created.")
        }
        let from = try context.query("from_date").map { try eventDate($0, field: "from_date") }
        let to = try context.query("to_date").map { try eventDate($0, field: "to_date") }
        if let from, let to, from > to {
            throw APIError.invalid("to_date", "The end date must not be before from_date.")
        }
        let rows = events.all.filter { row in
            if let type, row.string("event_type") != type { return false }
            guard let day = row.string("event_time").flatMap({ CalendarDate(parsing: String($0.prefix(10))) })
            else { return from == nil && to == nil }
            if let from, day < from { return false }
            if let to, day > to { return false }
            return true
        }
        let compact = rows.map { row in row.filter { ["event_id", "event_type", "event_time"].contains($0.key) } }
        return listReply(
            key: "events", rows: compact, options: options, appliedFilter: "EventType.\(type ?? "All")",
            reportName: "Events")
    }

    mutating func getEvent(_ context: inout RequestContext) throws -> APIReply {
        guard let row = events[context.parameter(0)] else { throw APIError.notFound("Event") }
        return .ok("success", ["event": .object(row.publicView)])
    }

    private func eventDate(_ text: String, field: String) throws -> CalendarDate {
        guard let date = CalendarDate(parsing: text) else {
            throw APIError.invalid(field, "Use the format yyyy-mm-dd.")
        }
        return date
    }
}
