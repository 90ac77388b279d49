import ZohoBillingTools

/// The `instructions` clients may put in the model's context: how ids, dates, amounts, organizations and pages
/// work, and what this access level allows.
enum ServerInstructions {
    static func text(profile: ProductProfile, access: AccessLevel, sandbox: Bool) -> String {
        var text = """
            \(profile.displayName) tools. Ids are digit strings; dates are yyyy-mm-dd; amounts are plain numbers in \
            the record's currency. If the user has several organizations, call list_organizations and pass \
            organization_id. List tools return one page (per_page 25 by default) and say when more pages exist. \
            report_* tools read every page themselves; quote their definitions, and keep currencies apart.
            """
        switch access {
        case .read: text += " This server is read-only; changes need the user to raise its access level."
        case .write:
            text += " Reversible changes are allowed; destructive actions (voids, deletes, emails, charges) are not."
        case .destructive:
            text += " Destructive actions are allowed: confirm amounts and recipients with the user first."
        }
        if sandbox { text += " This is a sandbox organization with made-up data; nothing reaches Zoho." }
        return text
    }
}
