import CurlHTTP
import Foundation
import JSONCore
import Testing
@testable import ZohoBillingTools

/// Holds every generated tool against the facts of Zoho's Billing OpenAPI documents, extracted into
/// `Fixtures/zoho-billing-operations.json` by `Scripts/extract-zoho-operations.py`: the operation exists, the path
/// parameters match, every query parameter, enum value and body field the tool sends is documented, and every
/// body field Zoho requires is a required argument. Where a tool knowingly differs, `deviations` says so and why;
/// an entry that no longer matches anything fails too, so the list stays true.
@Suite struct OpenAPIConformanceTests {
    // MARK: - Known deviations

    /// A tool's finding that is accepted, with the reason. `finding` is the text the test prints for it.
    struct Deviation: Hashable {
        var tool: String
        var finding: String
        var reason: String
        init(_ tool: String, _ finding: String, _ reason: String) {
            self.tool = tool
            self.finding = finding
            self.reason = reason
        }
    }

    /// Every accepted difference between a tool and the OpenAPI snapshot. Findings are printed in this form by
    /// the failing test, ready to paste with a reason.
    static let deviations: [Deviation] = [
        // Operations Zoho documents on its website (API reference pages) that the OpenAPI snapshot lacks.
        Deviation(
            "list_organizations", "no operation GET /organizations",
            "Documented on Zoho's website (Organizations), not in the OpenAPI snapshot."),
        Deviation(
            "list_payments", "no operation GET /payments",
            "Documented on Zoho's website (List all payments), not in the OpenAPI snapshot."),
        Deviation(
            "list_credit_notes", "no operation GET /creditnotes",
            "Documented on Zoho's website (List all credit notes), not in the OpenAPI snapshot."),

        // List filters and sorting that the snapshot's list operations omit. Zoho's website documents some for
        // Billing; others are the filters Zoho documents for the same lists in Books, which shares these list
        // endpoints' conventions, and are unverified against live Billing.
        Deviation(
            "list_customers", "query filter_by not documented",
            "Zoho's website documents filter_by (Status.*) for GET /customers; the snapshot lists no parameters."),
        Deviation(
            "list_customers", "query display_name_contains not documented",
            "Books-style *_contains search; the snapshot lists no parameters for GET /customers. Unverified."),
        Deviation(
            "list_customers", "query email_contains not documented",
            "Books-style *_contains search; the snapshot lists no parameters for GET /customers. Unverified."),
        Deviation(
            "list_customers", "query company_name_contains not documented",
            "Books-style *_contains search; the snapshot lists no parameters for GET /customers. Unverified."),
        Deviation(
            "list_invoices", "query sort_column not documented",
            "Documented on Zoho's website for GET /invoices, not in the OpenAPI snapshot."),
        Deviation(
            "list_invoices", "query sort_order not documented",
            "Documented on Zoho's website for GET /invoices, not in the OpenAPI snapshot."),
        Deviation(
            "list_invoices", "query date_start not documented",
            "Documented for the invoice list of Zoho Books; the Billing snapshot lists only filter_by and ids."),
        Deviation(
            "list_invoices", "query date_end not documented",
            "Documented for the invoice list of Zoho Books; the Billing snapshot lists only filter_by and ids."),
        Deviation(
            "list_invoices", "query invoice_number_contains not documented",
            "Documented for the invoice list of Zoho Books; the Billing snapshot lists only filter_by and ids."),
        Deviation(
            "list_invoices", "query customer_name_contains not documented",
            "Documented for the invoice list of Zoho Books; the Billing snapshot lists only filter_by and ids."),
        Deviation(
            "list_invoices", "query email not documented",
            "Documented for the invoice list of Zoho Books; the Billing snapshot lists only filter_by and ids."),
        Deviation(
            "list_invoices", "query due_date_start not documented",
            "Documented for the invoice list of Zoho Books; the Billing snapshot lists only filter_by and ids."),
        Deviation(
            "list_invoices", "query due_date_end not documented",
            "Documented for the invoice list of Zoho Books; the Billing snapshot lists only filter_by and ids."),
        Deviation(
            "list_subscriptions", "query customer_name_contains not documented",
            "Books-style *_contains search; the Billing snapshot lists customer_id, filter_by and reference only."),
        Deviation(
            "list_subscriptions", "query plan_code not documented",
            "Filter by plan as the subscription list of Zoho's website shows it; not in the snapshot. Unverified."),
        Deviation(
            "list_events", "query event_type not documented",
            "The snapshot lists no parameters for GET /events; filter from Zoho's web reference, unverified."),
        Deviation(
            "list_events", "query from_date not documented",
            "The snapshot lists no parameters for GET /events; filter from Zoho's web reference, unverified."),
        Deviation(
            "list_events", "query to_date not documented",
            "The snapshot lists no parameters for GET /events; filter from Zoho's web reference, unverified."),
        Deviation(
            "list_quotes", "query customer_id not documented",
            "Documented for the estimate list of Zoho Books; the Billing snapshot lists only zcrm_potential_id."),
        Deviation(
            "list_quotes", "query filter_by not documented",
            "Documented for the estimate list of Zoho Books; the Billing snapshot lists only zcrm_potential_id."),
        Deviation(
            "list_quotes", "query search_text not documented",
            "Documented for the estimate list of Zoho Books; the Billing snapshot lists only zcrm_potential_id."),
        Deviation(
            "list_quotes", "query sort_column not documented",
            "Documented for the estimate list of Zoho Books; the Billing snapshot lists only zcrm_potential_id."),
        Deviation(
            "list_quotes", "query sort_order not documented",
            "Documented for the estimate list of Zoho Books; the Billing snapshot lists only zcrm_potential_id."),

        // Required lists in the snapshot that cannot all hold at once: alternatives of which a call names one.
        Deviation(
            "create_subscription", "required body customer missing",
            "Alternative to customer_id: the tool subscribes an existing customer (create_customer makes one)."),
        Deviation(
            "create_subscription", "required body card_id optional",
            "A card is one way to pay; offline subscriptions have none."),
        Deviation(
            "create_subscription", "required body account_id missing",
            "A bank account is one way to pay; the tool offers a card or offline, to stay small."),
        Deviation(
            "update_subscription", "required body card_id missing",
            "The snapshot copies create's required list; update_subscription_card changes the card."),
        Deviation(
            "update_subscription", "required body account_id missing",
            "The snapshot copies create's required list; an update changes only what it names."),
        Deviation(
            "update_subscription", "required body customer_id missing",
            "The subscription already belongs to its customer; Zoho does not move it to another one."),
        Deviation(
            "create_new_subscription_page", "required body customer optional",
            "Alternative to customer_id: the snapshot marks both required, but a page is for one customer."),
        Deviation(
            "create_new_subscription_page", "required body customer_id optional",
            "Alternative to customer: the snapshot marks both required, but a page is for one customer."),
        Deviation(
            "create_edit_payment_method_page", "required body card_id optional",
            "card_id, account_id and paypal_id are alternatives; the page edits one payment method."),
        Deviation(
            "create_edit_payment_method_page", "required body account_id optional",
            "card_id, account_id and paypal_id are alternatives; the page edits one payment method."),
        Deviation(
            "create_edit_payment_method_page", "required body paypal_id optional",
            "card_id, account_id and paypal_id are alternatives; the page edits one payment method."),
        Deviation(
            "create_addon", "required body plan_code missing",
            "The snapshot requires both plan_code and plans; plans (or applicable_to_all_plans) names the plans."),
        Deviation(
            "create_addon", "required body plans optional",
            "Not needed when applicable_to_all_plans is true, which offers the add-on with every plan."),
        Deviation(
            "update_addon", "required body plans optional",
            "Not needed when applicable_to_all_plans is true, which offers the add-on with every plan."),
        Deviation(
            "create_addon", "required body price missing",
            "The snapshot requires both price and price_brackets; the price goes in price_brackets."),
        Deviation(
            "update_addon", "required body price_brackets[].start_quantity optional",
            "Quantity ranges apply to volume, tier and package pricing only; a unit price has one bracket."),
        Deviation(
            "update_addon", "required body price_brackets[].end_quantity optional",
            "Quantity ranges apply to volume, tier and package pricing only; a unit price has one bracket."),
        Deviation(
            "create_coupon", "required body duration optional",
            "Only for coupons of type duration; one_time and forever coupons have no duration."),
        Deviation(
            "create_coupon", "required body plans optional",
            "Only with apply_to_plans select; all and none need no list."),
        Deviation(
            "create_coupon", "required body addons optional",
            "Only with apply_to_addons select; the other choices need no list."),
        Deviation(
            "update_subscription_salesperson", "required body salesperson_id optional",
            "The snapshot requires id and name; the tool sends the name, and the id where known. Unverified."),

        // The path already names the resource; the snapshot repeats the code in the body's required list.
        Deviation(
            "update_plan", "required body plan_code missing",
            "The plan_code is the path placeholder; the body's copy would repeat it."),
        Deviation(
            "update_addon", "required body addon_code missing",
            "The addon_code is the path placeholder; the body's copy would repeat it."),
        Deviation(
            "update_subscription_line_item",
            "path parameters [\"plan_or_addon_code\", \"subscription_id\"] differ from [\"plan_code\", \"subscription_id\"]",
            "Same placeholder under a clearer name: the line may be the plan's or an add-on's."),

        // Numbering and required lists that do not fit how the tools are used.
        Deviation(
            "create_credit_note", "required body creditnote_number optional",
            "Zoho numbers credit notes itself unless auto-numbering is off for the organization."),
        Deviation(
            "create_credit_note", "required body creditnote_items[].code optional",
            "A goodwill line credits an amount by description with no plan or add-on code. Unverified."),
        Deviation(
            "update_quote", "required body custom_fields optional",
            "An update changes only what it names; a quote without custom fields has none to send."),

        // Tax fields the snapshot marks required everywhere, though they apply only where the organization
        // charges that kind of tax (US sales tax authorities; a tax on a line only when the item is taxable).
        // The plan's or add-on's own tax applies when the call names none.
        Deviation(
            "create_subscription", "required body plan.tax_id missing",
            "The plan's own tax applies; the tool does not override it, to stay small."),
        Deviation(
            "create_subscription", "required body addons[].tax_id missing",
            "The add-on's own tax applies; the tool does not override it, to stay small."),
        Deviation(
            "update_subscription", "required body plan.tax_id missing",
            "The plan's own tax applies; the tool does not override it, to stay small."),
        Deviation(
            "update_subscription", "required body addons[].tax_id missing",
            "The add-on's own tax applies; the tool does not override it, to stay small."),
        Deviation(
            "buy_one_time_addon", "required body addons[].tax_id optional",
            "Only for taxable add-ons in organizations with taxes set up; the add-on's own tax applies otherwise."),
        Deviation(
            "create_new_subscription_page", "required body plan.tax_id missing",
            "The plan's own tax applies; the page does not override it."),
        Deviation(
            "create_update_subscription_page", "required body plan.tax_id missing",
            "The plan's own tax applies; the page does not override it."),
        Deviation(
            "create_one_time_addon_page", "required body addons[].tax_id missing",
            "The add-on's own tax applies; the page does not override it."),
        Deviation(
            "create_new_subscription_page", "required body customer.tax_authority_id missing",
            "US sales tax only; a new customer elsewhere has no tax authority."),
        Deviation(
            "create_new_subscription_page", "required body customer.tax_authority_name missing",
            "US sales tax only; a new customer elsewhere has no tax authority."),
        Deviation(
            "create_customer", "required body tax_authority_id optional",
            "US sales tax only; Zoho needs it just for customers of organizations that charge it."),
        Deviation(
            "create_customer", "required body tax_authority_name optional",
            "US sales tax only; tax_authority_id names the authority instead."),
        Deviation(
            "update_customer", "required body tax_authority_name optional",
            "US sales tax only; tax_authority_id names the authority instead."),
        Deviation(
            "update_customer", "required body tax_authority_id optional",
            "US sales tax only, and an update changes only what it names."),
        Deviation(
            "update_customer", "required body display_name optional",
            "An update changes only what it names; the snapshot copies create's required list."),
        Deviation(
            "update_customer", "required body email optional",
            "An update changes only what it names; the snapshot copies create's required list."),
    ]

    // MARK: - The fixture

    struct Operation {
        var module: String
        var method: String
        var path: String
        var pathParameters: [String]
        var queryParameters: [String: [String]]
        var bodyFields: Set<String>
        var requiredBodyFields: [String]

        /// The path with every placeholder reduced to `{}`, so tools and documents match whatever they name them.
        var shape: String { OpenAPIConformanceTests.shape(of: path) }
        var key: String { "\(method) \(path)" }
    }

    static let operations: [Operation] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/zoho-billing-operations.json")
        guard let data = try? Data(contentsOf: url), let fixture = try? JSONParser.parse(data) else { return [] }
        return (fixture["operations"]?.arrayValue ?? []).map { entry in
            var query: [String: [String]] = [:]
            for parameter in entry["query_parameters"]?.arrayValue ?? [] {
                query[parameter["name"]?.stringValue ?? ""] =
                    (parameter["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
            }
            return Operation(
                module: entry["module"]?.stringValue ?? "",
                method: entry["method"]?.stringValue ?? "",
                path: entry["path"]?.stringValue ?? "",
                pathParameters: (entry["path_parameters"]?.arrayValue ?? []).compactMap(\.stringValue),
                queryParameters: query,
                bodyFields: Set((entry["body_fields"]?.arrayValue ?? []).compactMap(\.stringValue)),
                requiredBodyFields: (entry["required_body_fields"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }()

    static func shape(of path: String) -> String {
        path.replacing(/\{[^}]*\}/, with: "{}")
    }

    static func placeholders(of path: String) -> [String] {
        path.matches(of: /\{([^}]*)\}/).map { String($0.output.1) }
    }

    /// Query parameters every list accepts: Zoho's paging, documented once for the whole API, not per operation.
    static let pagingParameters: Set<String> = ["page", "per_page"]

    // MARK: - Findings

    /// What differs between one tool and its operation, as short sentences.
    static func findings(for tool: ToolDescriptor) -> [String] {
        let matches = operations.filter { $0.method == tool.method.rawValue && $0.shape == shape(of: tool.path) }
        guard let operation = matches.first else {
            return ["no operation \(tool.method.rawValue) \(tool.path)"]
        }
        var findings: [String] = []
        if placeholders(of: tool.path).sorted() != operation.pathParameters.sorted() {
            findings.append(
                "path parameters \(placeholders(of: tool.path).sorted()) differ from \(operation.pathParameters.sorted())"
            )
        }
        let properties = tool.inputSchema["properties"]?.objectValue ?? [:]
        let required = Set((tool.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        var sentBody: [String: JSONValue] = [:]
        var requiredBody: Set<String> = []
        for mapping in tool.parameters {
            switch mapping.location {
            case .path:
                continue
            case .query:
                if tool.isList && pagingParameters.contains(mapping.name) { continue }
                guard let documented = operation.queryParameters[mapping.name] else {
                    findings.append("query \(mapping.name) not documented")
                    continue
                }
                guard !documented.isEmpty else { continue }
                let sent =
                    mapping.values.isEmpty
                    ? (properties[mapping.argument]?["enum"]?.arrayValue ?? []).compactMap(\.stringValue)
                    : Array(mapping.values.values)
                for value in Set(sent).sorted() where !documented.contains(value) {
                    findings.append("query \(mapping.name)=\(value) not documented")
                }
            case .body:
                sentBody[mapping.name] = properties[mapping.argument] ?? [:]
                if required.contains(mapping.argument) { requiredBody.insert(mapping.name) }
            }
        }
        let bodySchema: JSONValue = [
            "type": "object", "properties": .object(sentBody),
            "required": .array(requiredBody.sorted().map { .string($0) }),
        ]
        for field in fieldPaths(of: bodySchema, prefix: "") where !isDocumented(field, in: operation.bodyFields) {
            findings.append("body \(field) not documented")
        }
        for field in operation.requiredBodyFields {
            let (parent, name) = split(field)
            // A nested field is required only where the tool sends its parent at all.
            guard let container = schema(at: parent, in: bodySchema) else { continue }
            let containerProperties = container["properties"]?.objectValue ?? [:]
            let containerRequired = (container["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            if containerProperties[name] == nil {
                findings.append("required body \(field) missing")
            } else if !containerRequired.contains(name) {
                findings.append("required body \(field) optional")
            }
        }
        return findings
    }

    /// Every field path below a schema: `a`, `a.b`, `a[].b`.
    static func fieldPaths(of schema: JSONValue, prefix: String) -> [String] {
        if schema["type"] == "array" || schema["items"] != nil {
            return fieldPaths(of: schema["items"] ?? [:], prefix: prefix + "[]")
        }
        var paths: [String] = []
        for (name, property) in (schema["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            paths.append(path)
            paths += fieldPaths(of: property, prefix: path)
        }
        return paths
    }

    /// Whether Zoho documents the field, or documents an ancestor of it without describing the ancestor's
    /// content (a free-form object).
    static func isDocumented(_ field: String, in documented: Set<String>) -> Bool {
        if documented.contains(field) { return true }
        var ancestor = field
        while let cut = ancestor.lastIndex(where: { $0 == "." || $0 == "[" }) {
            ancestor = String(ancestor[..<cut])
            if documented.contains(ancestor) {
                return !documented.contains { $0.hasPrefix(ancestor + ".") || $0.hasPrefix(ancestor + "[]") }
            }
        }
        return false
    }

    /// `a[].b` → (`a[]`, `b`); `b` → (``, `b`).
    static func split(_ field: String) -> (parent: String, name: String) {
        guard let dot = field.lastIndex(of: ".") else { return ("", field) }
        return (String(field[..<dot]), String(field[field.index(after: dot)...]))
    }

    /// The object schema at a field path (`a[]` is the items of `a`), or nil when the tool has no such field.
    static func schema(at path: String, in root: JSONValue) -> JSONValue? {
        var current = root
        guard !path.isEmpty else { return current }
        for component in path.split(separator: ".") {
            var name = Substring(component)
            var arrays = 0
            while name.hasSuffix("[]") {
                name = name.dropLast(2)
                arrays += 1
            }
            guard let next = current["properties"]?[String(name)] else { return nil }
            current = next
            for _ in 0..<arrays {
                guard let items = current["items"] else { return nil }
                current = items
            }
        }
        return current
    }

    /// The tools that make one HTTP request (reports and diagnostics have no path).
    static var requestTools: [ToolDescriptor] {
        ProductProfile.billing.catalog.tools.filter { !$0.path.isEmpty }
    }

    // MARK: - Tests

    @Test("The fixture holds Zoho's 146 Billing operations outside the time-tracking modules")
    func fixture() {
        #expect(Self.operations.count == 146)
        #expect(Set(Self.operations.map(\.key)).count == Self.operations.count)
    }

    @Test("Every tool matches its OpenAPI operation, apart from the listed deviations")
    func conformance() {
        var found: Set<Deviation> = []
        var unexplained: [String] = []
        for tool in Self.requestTools {
            for finding in Self.findings(for: tool) {
                if let deviation = Self.deviations.first(where: { $0.tool == tool.name && $0.finding == finding }) {
                    found.insert(deviation)
                } else {
                    unexplained.append("Deviation(\"\(tool.name)\", \"\(finding)\", \"<reason>\"),")
                }
            }
        }
        #expect(
            unexplained.isEmpty,
            """
            \(unexplained.count) difference(s) from Zoho's OpenAPI documents. Fix the schema, or add the line to \
            OpenAPIConformanceTests.deviations with the reason:
            \(unexplained.joined(separator: "\n"))
            """)
        let stale = Self.deviations.filter { !found.contains($0) }
        #expect(
            stale.isEmpty,
            """
            These deviations no longer occur; remove them from OpenAPIConformanceTests.deviations:
            \(stale.map { "\($0.tool): \($0.finding)" }.joined(separator: "\n"))
            """)
    }

    @Test("Every deviation names a tool and gives a reason, once")
    func deviationsAreExplained() {
        #expect(Set(Self.deviations.map { "\($0.tool) \($0.finding)" }).count == Self.deviations.count)
        for deviation in Self.deviations {
            #expect(deviation.reason.count > 20, "\(deviation.tool): \(deviation.finding)")
        }
    }

    @Test("Every OpenAPI operation has a tool or a written reason for having none")
    func coverage() {
        let covered = Set(Self.requestTools.map { "\($0.method.rawValue) \(Self.shape(of: $0.path))" })
        let omitted = OmittedOperation.billing
        var missing: [String] = []
        for operation in Self.operations {
            let isCovered = covered.contains("\(operation.method) \(operation.shape)")
            let isOmitted = omitted.contains { $0.method == operation.method && $0.path == operation.path }
            if !isCovered && !isOmitted { missing.append(operation.key) }
            #expect(
                !(isCovered && isOmitted),
                "\(operation.key) has a tool now; remove it from OmittedOperation.billing.")
        }
        #expect(
            missing.isEmpty,
            """
            \(missing.count) of \(Self.operations.count) operations have no tool. Add a tool, or an entry with the \
            reason to OmittedOperation.billing:
            \(missing.joined(separator: "\n"))
            """)
        let known = Set(Self.operations.map(\.key))
        for entry in omitted {
            #expect(known.contains("\(entry.method) \(entry.path)"), "\(entry.method) \(entry.path) is no operation")
            #expect(entry.reason.count > 20, "\(entry.method) \(entry.path)")
        }
    }

    @Test("The field checks see nested, free-form and required fields")
    func fieldChecks() {
        let documented: Set<String> = ["customer", "customer.email", "plan", "notes"]
        #expect(Self.isDocumented("customer.email", in: documented))
        #expect(!Self.isDocumented("customer.phone", in: documented))
        #expect(!Self.isDocumented("customer.phone", in: ["customer.email"]))
        #expect(Self.isDocumented("plan.plan_code", in: documented))
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "items": ["type": "array", "items": ["type": "object", "properties": ["rate": ["type": "number"]]]]
            ],
        ]
        #expect(Self.fieldPaths(of: schema, prefix: "") == ["items", "items[].rate"])
        #expect(Self.schema(at: "items[]", in: schema)?["properties"]?["rate"] != nil)
        #expect(Self.schema(at: "lines[]", in: schema) == nil)
        #expect(Self.split("items[].rate") == ("items[]", "rate"))
    }
}
