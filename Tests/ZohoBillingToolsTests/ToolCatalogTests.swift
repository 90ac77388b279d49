import Foundation
import CurlHTTP
import JSONCore
import Testing
@testable import ZohoBillingTools

@Suite struct ToolCatalogTests {
    /// The names DESIGN.md fixes for the five areas of the card (reports come later).
    static let fixedNames = [
        "list_organizations", "list_customers", "get_customer", "create_customer", "update_customer",
        "list_contact_persons", "get_contact_person", "create_contact_person", "list_invoices", "get_invoice",
        "create_invoice", "email_invoice", "void_invoice", "list_subscriptions", "get_subscription",
        "create_subscription", "cancel_subscription", "list_payments", "get_payment", "record_payment", "list_plans",
    ]

    @Test("Every fixed tool name exists")
    func fixedNamesExist() {
        for name in Self.fixedNames {
            #expect(ToolCatalog.billing.tool(named: name) != nil, "missing \(name)")
        }
    }

    @Test("Names are unique, short snake_case and sorted")
    func names() {
        let names = ToolCatalog.billing.tools.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names == names.sorted())
        for name in names {
            #expect(name.range(of: "^[a-z][a-z0-9_]{0,31}$", options: .regularExpression) != nil, "\(name)")
        }
    }

    @Test("Every input schema parses, is a closed object and has no top-level combinator")
    func inputSchemas() throws {
        for tool in ToolCatalog.billing.tools {
            let parsed = try JSONParser.parse(tool.inputSchemaJSON)
            #expect(parsed == tool.inputSchema, "\(tool.name)")
            #expect(parsed["type"] == "object", "\(tool.name)")
            #expect(parsed["additionalProperties"] == .bool(false), "\(tool.name)")
            for combinator in ["anyOf", "oneOf", "allOf"] {
                #expect(parsed[combinator] == nil, "\(tool.name) has \(combinator)")
            }
            #expect((parsed["properties"]?["organization_id"] != nil) == tool.usesOrganization, "\(tool.name)")
            #expect((parsed["properties"]?["page"] != nil) == tool.isList, "\(tool.name)")
        }
    }

    @Test("Every tool has a title, a description and consistent annotations")
    func annotations() {
        for tool in ToolCatalog.billing.tools {
            #expect(!tool.title.isEmpty && !tool.description.isEmpty, "\(tool.name)")
            #expect(tool.annotations.readOnly == (tool.access == .read), "\(tool.name)")
            #expect(tool.annotations.destructive == (tool.access == .destructive), "\(tool.name)")
            if tool.access == .read { #expect(tool.method == .get, "\(tool.name)") }
        }
    }

    @Test(
        "Money-moving and customer-visible tools are destructive",
        arguments: [
            "void_invoice", "email_invoice", "collect_invoice_payment", "write_off_invoice", "delete_invoice",
            "cancel_subscription", "create_subscription", "refund_payment", "delete_customer",
            "add_subscription_charge",
        ])
    func destructiveTools(name: String) throws {
        let tool = try #require(ToolCatalog.billing.tool(named: name))
        #expect(tool.access == .destructive)
    }

    @Test("Every path placeholder is filled from a required argument")
    func pathParameters() {
        for tool in ToolCatalog.billing.tools {
            let required = Set(tool.inputSchema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for mapping in tool.parameters where mapping.location == .path {
                #expect(tool.path.contains("{\(mapping.name)}"), "\(tool.name)")
                #expect(required.contains(mapping.argument), "\(tool.name)")
            }
        }
    }
}
