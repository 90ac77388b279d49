import JSONCore

/// What the preview of one destructive tool reads from Zoho and says about the action. Tools without a spec get
/// the generic preview (request, record ids, amounts and recipients from the arguments), so a destructive tool
/// added to the schemas is confirmed from day one and can get a richer preview here later.
struct PreviewSpec: Sendable {
    /// The record to read first: a GET path with `{argument}` placeholders and the answer's key.
    var fetchPath: String?
    var fetchKey: String?
    /// The record's fields to show, as (label, key) pairs; dotted keys reach into objects. Missing fields are
    /// left out rather than guessed.
    var fields: [(label: String, key: String)]
    /// What the action does, in a sentence that completes "This will …".
    var effect: String
    /// Whether the call itself asks Zoho to email someone.
    var sendsEmail: Bool = false

    /// The effect instead of ``effect`` when the call passes `cancel_at_end: true`.
    var effectAtTermEnd: String?

    /// The effect for these arguments.
    func effect(for arguments: [String: JSONValue]) -> String {
        if let effectAtTermEnd, arguments["cancel_at_end"] == .bool(true) { return effectAtTermEnd }
        return effect
    }

    static let invoiceFields: [(label: String, key: String)] = [
        ("invoice", "invoice_number"), ("customer", "customer_name"), ("status", "status"), ("total", "total"),
        ("balance", "balance"), ("currency", "currency_code"), ("due date", "due_date"),
    ]
    static let subscriptionFields: [(label: String, key: String)] = [
        ("subscription", "subscription_number"), ("name", "name"), ("customer", "customer_name"),
        ("customer email", "email"), ("plan", "plan.name"), ("plan code", "plan.plan_code"), ("status", "status"),
        ("amount", "amount"), ("currency", "currency_code"), ("next billing", "next_billing_at"),
        ("card", "card.last_four_digits"),
    ]
    static let customerFields: [(label: String, key: String)] = [
        ("customer", "display_name"), ("email", "email"), ("status", "status"),
        ("outstanding", "outstanding_receivable_amount"), ("unused credits", "unused_credits_receivable_amount"),
        ("currency", "currency_code"),
    ]
    static let paymentFields: [(label: String, key: String)] = [
        ("payment", "payment_number"), ("customer", "customer_name"), ("amount", "amount"), ("date", "date"),
        ("mode", "payment_mode"), ("reference", "reference_number"), ("currency", "currency_code"),
    ]

    static let creditNoteFields: [(label: String, key: String)] = [
        ("credit note", "creditnote_number"), ("customer", "customer_name"), ("status", "status"), ("total", "total"),
        ("balance", "balance"), ("currency", "currency_code"), ("date", "date"),
    ]
    static let quoteFields: [(label: String, key: String)] = [
        ("quote", "estimate_number"), ("customer", "customer_name"), ("status", "status"), ("total", "total"),
        ("currency", "currency_code"), ("expiry date", "expiry_date"),
    ]

    static func creditNote(_ effect: String, sendsEmail: Bool = false) -> PreviewSpec {
        PreviewSpec(
            fetchPath: "/creditnotes/{creditnote_id}", fetchKey: "creditnote", fields: creditNoteFields,
            effect: effect, sendsEmail: sendsEmail)
    }

    static func quote(_ effect: String, sendsEmail: Bool = false) -> PreviewSpec {
        PreviewSpec(
            fetchPath: "/estimates/{estimate_id}", fetchKey: "estimate", fields: quoteFields, effect: effect,
            sendsEmail: sendsEmail)
    }

    static func invoice(_ effect: String, sendsEmail: Bool = false) -> PreviewSpec {
        PreviewSpec(
            fetchPath: "/invoices/{invoice_id}", fetchKey: "invoice", fields: invoiceFields, effect: effect,
            sendsEmail: sendsEmail)
    }

    static func subscription(_ effect: String) -> PreviewSpec {
        PreviewSpec(
            fetchPath: "/subscriptions/{subscription_id}", fetchKey: "subscription", fields: subscriptionFields,
            effect: effect)
    }

    static func payment(_ effect: String) -> PreviewSpec {
        PreviewSpec(fetchPath: "/payments/{payment_id}", fetchKey: "payment", fields: paymentFields, effect: effect)
    }

    /// The specs by tool name.
    static let byTool: [String: PreviewSpec] = [
        "void_invoice": invoice(
            "mark the invoice void: its balance is no longer owed, it cannot be paid or edited, and Zoho has no undo"),
        "delete_invoice": invoice("delete the invoice permanently"),
        "email_invoice": invoice("email the invoice to the recipients below", sendsEmail: true),
        "collect_invoice_payment": invoice(
            "charge the customer's stored card or bank account for the invoice's balance"),
        "write_off_invoice": invoice("write off the invoice's balance as bad debt"),
        "delete_customer": PreviewSpec(
            fetchPath: "/customers/{customer_id}", fetchKey: "customer", fields: customerFields,
            effect: "delete the customer permanently"),
        "delete_contact_person": PreviewSpec(
            fetchPath: "/customers/{customer_id}/contactpersons/{contactperson_id}", fetchKey: "contact_person",
            fields: [("first name", "first_name"), ("last name", "last_name"), ("email", "email")],
            effect: "delete the contact person permanently"),
        "delete_payment": payment("delete the payment record; the invoices it paid become unpaid again"),
        "refund_payment": payment("refund the amount below from this payment to the customer"),
        "create_subscription": PreviewSpec(
            fetchPath: "/customers/{customer_id}", fetchKey: "customer", fields: customerFields,
            effect: "create a subscription that bills the customer on the plan's schedule (and charges a stored "
                + "card automatically when auto-collect is on)"),
        "update_subscription": subscription(
            "change the subscription's plan, add-ons or terms; the change may raise an invoice or a charge"),
        "delete_subscription": subscription("delete the subscription permanently"),
        "delete_subscription_note": subscription("delete the note from this subscription permanently"),
        "delete_invoice_line_item": invoice("remove the line from this pending invoice; its total changes"),
        "delete_customer_card": PreviewSpec(
            fetchPath: "/customers/{customer_id}/cards/{card_id}", fetchKey: "card",
            fields: [("card ending", "last_four_digits"), ("gateway", "payment_gateway"), ("expires", "expiry_year")],
            effect: "delete the stored card; subscriptions that charge it will need another payment method"),
        "cancel_subscription": {
            var spec = subscription("cancel the subscription at once: it stops now and is not renewed")
            spec.effectAtTermEnd =
                "cancel the subscription at the end of its current term: it stays live until then and is not renewed"
            return spec
        }(),
        "reactivate_subscription": subscription("reactivate the subscription, which starts billing it again"),
        "add_subscription_charge": subscription(
            "add a one-time charge of the amount below to the subscription, raising an invoice that may be "
                + "charged to the stored card"),
        "delete_product": PreviewSpec(
            fetchPath: "/products/{product_id}", fetchKey: "product",
            fields: [("product", "name"), ("status", "status")],
            effect: "delete the product permanently"),
        "delete_plan": PreviewSpec(
            fetchPath: "/plans/{plan_code}", fetchKey: "plan",
            fields: [("plan", "name"), ("price", "recurring_price"), ("status", "status")],
            effect: "delete the plan permanently"),
        "delete_addon": PreviewSpec(
            fetchPath: "/addons/{addon_code}", fetchKey: "addon",
            fields: [("addon", "name"), ("type", "type"), ("status", "status")], effect: "delete the addon permanently"),
        "delete_coupon": PreviewSpec(
            fetchPath: "/coupons/{coupon_code}", fetchKey: "coupon",
            fields: [
                ("coupon", "name"), ("discount by", "discount_by"), ("discount", "discount_value"),
                ("status", "status"),
            ], effect: "delete the coupon permanently"),
        "delete_item": PreviewSpec(
            fetchPath: "/items/{item_id}", fetchKey: "item",
            fields: [("item", "name"), ("rate", "rate"), ("status", "status")], effect: "delete the item permanently"),
        "void_credit_note": creditNote("void the credit note: its unused balance can no longer be applied or refunded"),
        "delete_credit_note": creditNote("delete the credit note permanently"),
        "email_credit_note": creditNote("email the credit note to the recipients below", sendsEmail: true),
        "refund_credit_note": creditNote("pay the amount below out of the credit note's balance to the customer"),
        "delete_quote": quote("delete the quote permanently"),
        "email_quote": quote("email the quote to the recipients below; a draft quote becomes sent", sendsEmail: true),
        "delete_quote_comment": quote("delete the comment from this quote permanently"),
        "buy_one_time_addon": subscription(
            "add one-time add-ons to the subscription, raising an invoice that may be charged to the stored card"),
        "delete_unbilled_charge": PreviewSpec(
            fetchPath: "/unbilledcharges/{unbilled_charge_id}", fetchKey: "unbilled_charge",
            fields: [
                ("unbilled charge", "number"), ("customer", "customer_name"), ("status", "status"),
                ("total", "total"), ("currency", "currency_code"),
            ],
            effect: "delete the held charges below permanently, so they are never billed"),
    ]
}
