import ZohoBillingTools

/// The products this build serves, and their catalogs with this executable's computed tools added.
enum Products {
    static let all: [ProductProfile] = [.billing]

    static func profile(named name: String) -> ProductProfile? {
        all.first { $0.name == name.lowercased() }
    }

    /// The product's catalog plus, when asked for, the diagnostic tools.
    static func catalog(for profile: ProductProfile, diagnostics: Bool) -> ToolCatalog {
        guard diagnostics else { return profile.catalog }
        return profile.catalog.adding(DiagnosticTools.all.map(\.descriptor), toolsets: [DiagnosticTools.toolset])
    }
}
