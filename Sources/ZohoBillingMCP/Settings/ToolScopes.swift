import CurlHTTP
import ZohoBillingTools

/// The Zoho OAuth scope each tool needs, derived from its request: the path's first segment names the scope module
/// and the method the operation (Zoho scopes action endpoints such as `/void` as CREATE, like any POST).
enum ToolScopes {
    /// Path segments whose scope module has another name.
    private static let modules: [String: String] = [
        "organizations": "settings",
        "transactions": "customers",
        "invoice": "invoices",
        "unbilledcharges": "invoices",
        "events": "webhooks",
        "estimates": "quotes",
    ]

    /// The scope `tool` needs, or nil for a computed tool, which makes no request of its own.
    static func scope(for tool: ToolDescriptor, profile: ProductProfile) -> String? {
        guard let segment = tool.path.split(separator: "/").first.map(String.init), !tool.path.isEmpty else {
            return nil
        }
        let module = modules[segment] ?? segment
        let operation =
            switch tool.method {
            case .get: "READ"
            case .post: "CREATE"
            case .put: "UPDATE"
            case .delete: "DELETE"
            }
        return "\(profile.scopeService).\(module).\(operation)"
    }

    /// The distinct scopes a set of tools needs, sorted.
    static func scopes(for tools: [ToolDescriptor], profile: ProductProfile) -> [String] {
        Set(tools.compactMap { scope(for: $0, profile: profile) }).sorted()
    }

    /// The scopes of `required` that `granted` does not cover.
    static func missing(_ required: [String], granted: [String]) -> [String] {
        required.filter { need in !granted.contains { covers($0, need) } }
    }

    /// Whether a granted scope allows a needed one: the same scope, the module's `ALL`, or the service's
    /// `fullaccess.all`. Zoho compares scopes without regard to case.
    static func covers(_ granted: String, _ needed: String) -> Bool {
        let have = granted.lowercased().split(separator: ".").map(String.init)
        let want = needed.lowercased().split(separator: ".").map(String.init)
        guard have.count == 3, want.count == 3, have[0] == want[0] else { return false }
        if have[1] == "fullaccess" && have[2] == "all" { return true }
        return have[1] == want[1] && (have[2] == want[2] || have[2] == "all")
    }
}
