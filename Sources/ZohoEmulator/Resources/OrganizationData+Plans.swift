#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

// MARK: - Plans: /plans, /plans/{plan_code} reads; writes live in OrganizationData+Catalog.swift

extension OrganizationData {
    static let planSortColumns: Set<String> = ["name", "plan_code", "recurring_price", "created_time"]

    /// The plan named in the URL, or 404.
    func plan(_ code: String) throws -> JSONObject {
        guard let row = plans[code] else { throw APIError.notFound("Plan") }
        return row
    }

    mutating func listPlans(_ context: inout RequestContext) throws -> APIReply {
        let options = try context.listOptions(sortColumns: Self.planSortColumns)
        let (applied, status) = try context.filter(
            prefix: "PlanStatus", values: [("All", ""), ("ACTIVE", "active"), ("INACTIVE", "inactive")])
        let productID = context.query("product_id")
        let rows = plans.all.filter { row in
            if !status.isEmpty, row.string("status") != status { return false }
            if let productID, row.string("product_id") != productID { return false }
            return true
        }
        return listReply(key: "plans", rows: rows, options: options, appliedFilter: applied, reportName: "Plans")
    }

    mutating func getPlan(_ context: inout RequestContext) throws -> APIReply {
        .ok("success", ["plan": .object(try plan(context.parameter(0)).publicView)])
    }
}
