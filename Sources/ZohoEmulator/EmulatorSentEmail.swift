/// An invoice email the emulator "sent" through `POST /invoices/{id}/email`, recorded for tests.
public struct EmulatorSentEmail: Sendable, Hashable {
    /// The organization the invoice belongs to.
    public var organizationID: String
    /// The invoice that was emailed.
    public var invoiceID: String
    /// The `to_mail_ids` recipients.
    public var to: [String]
    /// The `cc_mail_ids` recipients.
    public var cc: [String]
    /// The subject line.
    public var subject: String
    /// The message body.
    public var body: String
}
