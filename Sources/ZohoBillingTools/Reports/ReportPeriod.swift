import JSONCore

/// A reporting period of whole days, both ends included.
struct ReportPeriod: CustomStringConvertible {
    var from: ReportDate
    var to: ReportDate

    init(from: ReportDate, to: ReportDate) {
        self.from = from
        self.to = to
    }

    /// Reads `from` and `to`; the default is the current month to date (UTC).
    init(_ arguments: [String: JSONValue]) throws(ReportArgumentError) {
        let to = try ReportTools.date(arguments, "to", default: .today)
        let from = try ReportTools.date(arguments, "from", default: to.startOfMonth())
        guard from <= to else { throw ReportArgumentError("from (\(from)) must not be after to (\(to)).") }
        self.init(from: from, to: to)
    }

    func contains(_ date: ReportDate) -> Bool { from <= date && date <= to }

    var description: String { "from \(from) to \(to)" }
}
