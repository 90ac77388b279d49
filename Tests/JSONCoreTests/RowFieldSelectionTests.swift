import Foundation
import JSONCore
import Testing

/// Parsing a list's rows down to named fields: the rest is checked but not built, and nothing else changes.
@Suite struct RowFieldSelectionTests {
    static let page = #"""
        {"code":0,"message":"success",
         "invoices":[
           {"invoice_id":"1","balance":12.50,"custom_fields":[{"label":"PO","value":"A\"1"}],"notes":"x\u00e9y",
            "customer":{"name":"Acme","tags":[1,2,{"a":null}]},"status":"sent"},
           {"invoice_id":"2","balance":0,"status":"paid","extra":true}
         ],
         "page_context":{"page":1,"has_more_page":false,"nested":{"invoice_id":"kept"}}}
        """#

    @Test("Rows keep only the named fields; kept values stay whole; other members are untouched")
    func keepsNamedFields() throws {
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id", "balance", "customer"])
        let parsed = try JSONParser.parseKeepingText(Data(Self.page.utf8), rows: selection)
        let rows = try #require(parsed.value["invoices"]?.arrayValue)
        #expect(rows.count == 2)
        #expect(rows[0].objectValue?.keys.sorted() == ["balance", "customer", "invoice_id"])
        #expect(rows[0]["balance"]?.numberValue?.text == "12.50")
        #expect(rows[0]["customer"]?["tags"]?.arrayValue?.count == 3)
        #expect(rows[1].objectValue?.keys.sorted() == ["balance", "invoice_id"])
        #expect(parsed.value["page_context"]?["nested"]?["invoice_id"] == "kept")
        #expect(parsed.value["message"] == "success")
        #expect(parsed.verbatim == nil, "a pruned value offers no verbatim copy")
        // Without a selection the same text parses whole.
        let whole = try JSONParser.parseKeepingText(Data(Self.page.utf8))
        #expect(whole.value["invoices"]?.arrayValue?.first?.objectValue?.count == 6)
    }

    @Test(
        "Skipped fields are still checked as JSON",
        arguments: [
            #"{"invoices":[{"invoice_id":"1","notes":"bad \x escape"}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":[1,2}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":01}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":tru}]}"#,
            "{\"invoices\":[{\"invoice_id\":\"1\",\"notes\":\"raw\u{01}control\"}]}",
            #"{"invoices":[{"invoice_id":"1","notes":{"a" 1}}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":"unterminated}]}"#,
        ])
    func skippedFieldsAreChecked(text: String) {
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id"])
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parseKeepingText(Data(text.utf8), rows: selection) }
    }

    @Test("Skipped containers still respect the depth limit")
    func depthLimit() {
        let deep = String(repeating: "[", count: 400) + String(repeating: "]", count: 400)
        let text = #"{"invoices":[{"invoice_id":"1","notes":"# + deep + "}]}"
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id"])
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parseKeepingText(Data(text.utf8), rows: selection) }
    }

    @Test("A summary selection prunes one record in the value and keeps the whole text verbatim")
    func summarySelection() throws {
        let text =
            #"{"code":0,"message":"success","invoice":{"invoice_id":"7","invoice_number":"INV-1","rate":75.50,"line_items":[{"name":"A","rate":1234.567}],"notes":"x\u00e9"}}"#
        let selection = MemberFieldSelection(member: "invoice", fields: ["invoice_id", "invoice_number"])
        let parsed = try JSONParser.parseKeepingText(Data(text.utf8), summary: selection)
        #expect(parsed.value["invoice"]?.objectValue?.keys.sorted() == ["invoice_id", "invoice_number"])
        #expect(parsed.value["message"] == "success")
        let copied = try #require(parsed.verbatim?.text(omitting: ["code", "message"]))
        #expect(
            copied
                == #"{"invoice":{"invoice_id":"7","invoice_number":"INV-1","rate":75.50,"line_items":[{"name":"A","rate":1234.567}],"notes":"x\u00e9"}}"#
        )
        // Invalid JSON in a pruned field is still an error.
        let broken = #"{"invoice":{"invoice_id":"7","notes":[1,}}"#
        #expect(throws: JSONSyntaxError.self) {
            try JSONParser.parseKeepingText(Data(broken.utf8), summary: selection)
        }
    }

    @Test("Keys written with escapes are decoded before matching; other keys are skipped without decoding")
    func escapedAndUnicodeKeys() throws {
        let text = #"{"invoices":[{"invoice\u005fid":"1","caf\u00e9":2,"naïve":3,"":4,"balance":5}]}"#
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id", "balance", "naïve"])
        let row = try #require(
            try JSONParser.parseKeepingText(Data(text.utf8), rows: selection).value["invoices"]?.arrayValue?.first)
        #expect(row.objectValue?.keys.sorted() == ["balance", "invoice_id", "naïve"])
        #expect(row["invoice_id"] == "1" && row["naïve"] == 3)
    }
}
