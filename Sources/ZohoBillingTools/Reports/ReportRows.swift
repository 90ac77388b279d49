import JSONCore

/// The fields a report reads of one of Zoho's lists, each a column of the page's ``JSONRowTable``: the raw value is
/// the column, so reading a field is an index into the row, with no key to hash.
///
/// A report can read only fields named here, so none is silently missing from the parsed rows; several reports
/// read the same lists, so there is one enum per list.
protocol ReportField: CaseIterable, RawRepresentable<Int> {
    /// The list's key in Zoho's answer (`invoices`).
    static var list: String { get }
    /// Every list row carries its currency, which reports never add across.
    static var currencyCode: Self { get }
    /// Zoho's name of the field.
    var name: String { get }
}

extension ReportField {
    /// The columns to read, in raw-value order.
    static var selection: RowFieldSelection {
        RowFieldSelection(list: list, fields: allCases.sorted { $0.rawValue < $1.rawValue }.map(\.name))
    }
}

/// One row of a page a report reads.
struct ReportRow<Field: ReportField> {
    let table: JSONRowTable
    let index: Int

    /// The field's value; nil when the row has no such member.
    subscript(field: Field) -> JSONValue? { table[index, field.rawValue] }

    /// The row on its own, for keeping past its page without keeping the whole page.
    func detached() -> ReportRow {
        ReportRow(table: table.row(index), index: 0)
    }

    /// The currency of the record, or `UNKNOWN` when Zoho left it out (kept apart rather than guessed).
    var currency: String {
        let code = self[.currencyCode]?.stringValue ?? ""
        return code.isEmpty ? "UNKNOWN" : code
    }
}

/// The rows of one page.
struct ReportRows<Field: ReportField>: RandomAccessCollection {
    let table: JSONRowTable

    var startIndex: Int { 0 }
    var endIndex: Int { table.count }

    subscript(position: Int) -> ReportRow<Field> { ReportRow(table: table, index: position) }
}

/// The fields reports read of `/invoices` rows.
enum InvoiceField: Int, ReportField {
    static let list = "invoices"

    case invoiceID, invoiceNumber, number, status, balance, total, date, invoiceDate, dueDate, customerID
    case customerName, currencyCode, subscriptionID

    var name: String {
        switch self {
        case .invoiceID: "invoice_id"
        case .invoiceNumber: "invoice_number"
        case .number: "number"
        case .status: "status"
        case .balance: "balance"
        case .total: "total"
        case .date: "date"
        case .invoiceDate: "invoice_date"
        case .dueDate: "due_date"
        case .customerID: "customer_id"
        case .customerName: "customer_name"
        case .currencyCode: "currency_code"
        case .subscriptionID: "subscription_id"
        }
    }
}

/// The fields reports read of `/subscriptions` rows.
enum SubscriptionField: Int, ReportField {
    static let list = "subscriptions"

    case subscriptionID, subscriptionNumber, status, amount, interval, intervalUnit, plan, planCode, planName
    case productID, productName, customerID, customerName, currencyCode, activatedAt, cancelledAt, expiresAt
    case nextBillingAt, trialEndsAt, nextRetryAt, source

    var name: String {
        switch self {
        case .subscriptionID: "subscription_id"
        case .subscriptionNumber: "subscription_number"
        case .status: "status"
        case .amount: "amount"
        case .interval: "interval"
        case .intervalUnit: "interval_unit"
        case .plan: "plan"
        case .planCode: "plan_code"
        case .planName: "plan_name"
        case .productID: "product_id"
        case .productName: "product_name"
        case .customerID: "customer_id"
        case .customerName: "customer_name"
        case .currencyCode: "currency_code"
        case .activatedAt: "activated_at"
        case .cancelledAt: "cancelled_at"
        case .expiresAt: "expires_at"
        case .nextBillingAt: "next_billing_at"
        case .trialEndsAt: "trial_ends_at"
        case .nextRetryAt: "next_retry_at"
        case .source: "source"
        }
    }
}

/// The fields reports read of `/payments` rows.
enum PaymentField: Int, ReportField {
    static let list = "payments"

    case paymentID, amount, amountRefunded, date, paymentMode, status, autotransaction, description
    case gatewayErrorMessage, customerID, customerName, currencyCode

    var name: String {
        switch self {
        case .paymentID: "payment_id"
        case .amount: "amount"
        case .amountRefunded: "amount_refunded"
        case .date: "date"
        case .paymentMode: "payment_mode"
        case .status: "status"
        case .autotransaction: "autotransaction"
        case .description: "description"
        case .gatewayErrorMessage: "gateway_error_message"
        case .customerID: "customer_id"
        case .customerName: "customer_name"
        case .currencyCode: "currency_code"
        }
    }
}

/// The fields reports read of `/customers` rows.
enum CustomerField: Int, ReportField {
    static let list = "customers"

    case customerID, customerName, displayName, outstanding, outstandingReceivableAmount, unusedCredits
    case unusedCreditsReceivableAmount, currencyCode, status

    var name: String {
        switch self {
        case .customerID: "customer_id"
        case .customerName: "customer_name"
        case .displayName: "display_name"
        case .outstanding: "outstanding"
        case .outstandingReceivableAmount: "outstanding_receivable_amount"
        case .unusedCredits: "unused_credits"
        case .unusedCreditsReceivableAmount: "unused_credits_receivable_amount"
        case .currencyCode: "currency_code"
        case .status: "status"
        }
    }
}
