import Testing
@testable import ZohoBillingTools

@Suite struct ToolSelectionTests {
    @Test("The default selection exposes only reads of the default toolsets, plus organizations")
    func defaultSelection() {
        let exposed = ToolSelection().exposedTools()
        #expect(!exposed.isEmpty)
        #expect(exposed.allSatisfy { $0.access == .read })
        #expect(exposed.contains { $0.name == "list_organizations" })
        #expect(
            exposed.allSatisfy { ToolSelection.defaultToolsets.contains($0.toolset) || $0.toolset == "organizations" })
        #expect(!exposed.contains { $0.name == "create_invoice" })
    }

    @Test("Write adds reversible changes but no destructive ones; full adds them")
    func accessLevels() {
        let write = ToolSelection(access: .write).exposedTools().map(\.name)
        #expect(write.contains("create_invoice"))
        #expect(write.contains("record_payment"))
        #expect(!write.contains("void_invoice"))
        let full = ToolSelection(access: .destructive).exposedTools().map(\.name)
        #expect(full.contains("void_invoice"))
    }

    @Test("Exclusion beats inclusion and the access level beats both")
    func precedence() throws {
        let selection = ToolSelection(
            access: .read, toolsets: ["invoices"], includedTools: ["get_customer", "void_invoice"],
            excludedTools: ["get_invoice", "get_customer"])
        let names = selection.exposedTools().map(\.name)
        #expect(names.contains("list_invoices"))
        #expect(!names.contains("get_invoice"))
        #expect(!names.contains("get_customer"))
        #expect(!names.contains("void_invoice"))
        #expect(names.contains("list_organizations"))
        let voidInvoice = try #require(ToolCatalog.tool(named: "void_invoice"))
        let refusal = try #require(selection.refusal(for: voidInvoice))
        #expect(refusal.contains("ZOHO_MCP_ACCESS=full"))
    }

    @Test("Toolset and tool lists are parsed and unknown names are refused with the known ones")
    func parsing() throws {
        #expect(try ToolSelection.parseToolsets("default") == Set(ToolSelection.defaultToolsets))
        #expect(try ToolSelection.parseToolsets("invoices, payments") == ["invoices", "payments"])
        #expect(try ToolSelection.parseToolsets("all").isSuperset(of: ["customers", "invoices", "organizations"]))
        #expect(throws: ConfigurationError.self) { try ToolSelection.parseToolsets("invoice") }
        #expect(throws: ConfigurationError.self) {
            try ToolSelection.parseToolNames("list_invoice", setting: "ZOHO_MCP_TOOLS")
        }
        #expect(throws: ConfigurationError.self) { try AccessLevel(settingName: "admin") }
        #expect(try AccessLevel(settingName: "full") == .destructive)
    }
}
