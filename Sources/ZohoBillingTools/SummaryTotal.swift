/// A money field a list's summary line totals per currency, and the word for what the total means
/// (`balance` and "outstanding" give "USD 8,240.10 outstanding").
package struct SummaryTotal: Sendable, Hashable {
    package var field: String
    package var label: String

    package init(field: String, label: String) {
        self.field = field
        self.label = label
    }
}
