/// How much a tool may change, declared per operation in the schema files.
package enum AccessLevel: String, Sendable, Hashable, Comparable, CaseIterable {
    /// GET requests and computed reports.
    case read
    /// Creates and updates that stay inside the organization and can be undone.
    case write
    /// Irreversible or visible outside the organization: deletes, voids, emails, charges, refunds.
    case destructive

    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .destructive: 2
        }
    }

    package static func < (lhs: AccessLevel, rhs: AccessLevel) -> Bool { lhs.rank < rhs.rank }
}
