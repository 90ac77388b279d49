import Testing
@testable import ZohoBillingTools

@Suite struct ToolSelectionTests {
    @Test("The default selection exposes only reads of the default toolsets, plus organizations")
    func defaultSelection() {
        let exposed = ToolSelection(profile: .billing).exposedTools(from: .billing)
        #expect(!exposed.isEmpty)
        #expect(exposed.allSatisfy { $0.access == .read })
        #expect(exposed.contains { $0.name == "list_organizations" })
        #expect(
            exposed.allSatisfy {
                ProductProfile.billing.defaultToolsets.contains($0.toolset) || $0.toolset == "organizations"
            })
        #expect(!exposed.contains { $0.name == "create_invoice" })
    }

    @Test("Write adds reversible changes but no destructive ones; full adds them")
    func accessLevels() {
        let write = ToolSelection(profile: .billing, access: .write).exposedTools(from: .billing).map(\.name)
        #expect(write.contains("create_invoice"))
        #expect(write.contains("create_customer"))
        #expect(!write.contains("void_invoice"))
        let full = ToolSelection(profile: .billing, access: .destructive).exposedTools(from: .billing).map(\.name)
        #expect(full.contains("void_invoice"))
    }

    @Test("Exclusion beats inclusion and the access level beats both")
    func precedence() throws {
        let selection = ToolSelection(
            access: .read, toolsets: ["invoices"], includedTools: ["get_customer", "void_invoice"],
            excludedTools: ["get_invoice", "get_customer"], alwaysOnToolsets: ["organizations"])
        let names = selection.exposedTools(from: .billing).map(\.name)
        #expect(names.contains("list_invoices"))
        #expect(!names.contains("get_invoice"))
        #expect(!names.contains("get_customer"))
        #expect(!names.contains("void_invoice"))
        #expect(names.contains("list_organizations"))
        let voidInvoice = try #require(ToolCatalog.billing.tool(named: "void_invoice"))
        let refusal = try #require(selection.refusal(for: voidInvoice))
        #expect(refusal == .aboveAccessLevel(tool: "void_invoice", required: .destructive, current: .read))
        #expect(refusal.message(using: NeutralToolSettingVocabulary()).contains("the access level setting to full"))
    }

    @Test("Toolset and tool lists are parsed and unknown names are refused with the known ones")
    func parsing() throws {
        #expect(
            try ToolSelection.parseToolsets("default", profile: .billing, settingName: "toolsets")
                == Set(ProductProfile.billing.defaultToolsets))
        #expect(
            try ToolSelection.parseToolsets("invoices, payments", profile: .billing, settingName: "toolsets") == [
                "invoices", "payments",
            ])
        #expect(
            try ToolSelection.parseToolsets("all", profile: .billing, settingName: "toolsets").isSuperset(of: [
                "customers", "invoices", "organizations",
            ]))
        #expect(throws: ConfigurationError.self) {
            try ToolSelection.parseToolsets("invoice", profile: .billing, settingName: "toolsets")
        }
        #expect(throws: ConfigurationError.self) {
            try ToolSelection.parseToolNames("list_invoice", catalog: .billing, settingName: "tools")
        }
        do {
            _ = try ToolSelection.parseToolNames("list_invoice", catalog: .billing, settingName: "tools")
        } catch {
            #expect(error.message == "Unknown tool 'list_invoice' in tools. Did you mean 'list_invoices'?")
        }
        #expect(throws: ConfigurationError.self) { try AccessLevel(settingName: "admin") }
        #expect(try AccessLevel(settingName: "full") == .destructive)
    }
}
