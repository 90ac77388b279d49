import Foundation
import JSONCore
import Testing

/// Parsing a list's rows into columns: the named fields are built by position, the rest checked but not built,
/// and everything outside the list parses as usual.
@Suite struct RowFieldSelectionTests {
    static let page = #"""
        {"code":0,"message":"success",
         "invoices":[
           {"invoice_id":"1","balance":12.50,"custom_fields":[{"label":"PO","value":"A\"1"}],"notes":"x\u00e9y",
            "customer":{"name":"Acme","tags":[1,2,{"a":null}]},"status":"sent"},
           {"invoice_id":"2","balance":0,"status":"paid","extra":true,"customer":null},
           "not a row",
           {}
         ],
         "page_context":{"page":1,"has_more_page":false,"nested":{"invoice_id":"kept"}}}
        """#

    @Test("Rows hold the named fields by position; missing is nil, null stays null; the rest is untouched")
    func readsColumns() throws {
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id", "balance", "customer", "due_date"])
        let parsed = try JSONParser.parseRows(Data(Self.page.utf8), selection)
        let rows = try #require(parsed.rows)
        #expect(rows.count == 4)
        #expect(rows.fields == ["invoice_id", "balance", "customer", "due_date"])
        #expect(rows[0, 0] == "1")
        #expect(rows[0, 1]?.numberValue?.text == "12.50")
        #expect(rows[0, 2]?["tags"]?.arrayValue?.count == 3)
        #expect(rows[0, 3] == nil)
        #expect(rows[1, 0] == "2" && rows[1, 1]?.numberValue?.text == "0")
        #expect(rows[1, 2] == .null, "an explicit null is kept apart from a missing member")
        #expect((0..<4).allSatisfy { rows[2, $0] == nil }, "an element that is not an object is an empty row")
        #expect((0..<4).allSatisfy { rows[3, $0] == nil })
        #expect(parsed.value["invoices"] == nil, "the list is in the table, not in the value")
        #expect(parsed.value["page_context"]?["nested"]?["invoice_id"] == "kept")
        #expect(parsed.value["message"] == "success")
        let single = rows.row(1)
        #expect(single.count == 1 && single[0, 0] == "2" && single[0, 2] == .null)
    }

    @Test("Rows read by position match rows picked out of whole objects")
    func matchesWholeRows() throws {
        let fields = ["status", "invoice_id", "customer", "balance", "notes"]
        let byPosition = try #require(
            try JSONParser.parseRows(Data(Self.page.utf8), RowFieldSelection(list: "invoices", fields: fields)).rows)
        let whole = try #require(try JSONParser.parse(Data(Self.page.utf8))["invoices"]?.arrayValue)
        #expect(byPosition == JSONRowTable(rows: whole, fields: fields))
    }

    @Test("A page without the list, or with something else under its key, has no table")
    func missingList() throws {
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id"])
        let empty = try JSONParser.parseRows(Data(#"{"code":0,"invoices":[]}"#.utf8), selection)
        #expect(empty.rows?.count == 0)
        #expect(try JSONParser.parseRows(Data(#"{"code":0}"#.utf8), selection).rows == nil)
        let other = try JSONParser.parseRows(Data(#"{"code":0,"invoices":{"a":1}}"#.utf8), selection)
        #expect(other.rows == nil && other.value["invoices"]?["a"] == 1)
    }

    @Test(
        "Skipped and kept fields are still checked as JSON",
        arguments: [
            #"{"invoices":[{"invoice_id":"1","notes":"bad \x escape"}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":[1,2}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":01}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":tru}]}"#,
            "{\"invoices\":[{\"invoice_id\":\"1\",\"notes\":\"raw\u{01}control\"}]}",
            #"{"invoices":[{"invoice_id":"1","notes":{"a" 1}}]}"#,
            #"{"invoices":[{"invoice_id":"1","notes":"unterminated}]}"#,
            #"{"invoices":[{"invoice_id":01}]}"#,
            #"{"invoices":[{"invoice_id":"1" "balance":2}]}"#,
            #"{"invoices":[{"invoice_id":"1"},]}"#,
            #"{"invoices":[{"invoice_id":"1"}}"#,
            #"{"invoices":[{"invoice_id":"1","invoice_id":"2"}]}"#,
            #"{"invoices":[{"invoice_id":"1","invoice\u005fid":"2"}]}"#,
            #"{"invoices":[],"invoices":[]}"#,
            "{\"invoices\":[{\"key\u{01}\":1}]}",
            #"{"invoices":[{"invoice_id":"1"}]} trailing"#,
        ])
    func rowsAreChecked(text: String) {
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id", "balance"])
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parseRows(Data(text.utf8), selection) }
    }

    @Test("Rows respect the depth limit, in kept and skipped fields alike")
    func depthLimit() {
        let deep = String(repeating: "[", count: 400) + String(repeating: "]", count: 400)
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id"])
        for field in ["invoice_id", "notes"] {
            let text = #"{"invoices":[{""# + field + #"":"# + deep + "}]}"
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parseRows(Data(text.utf8), selection) }
        }
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

    @Test("Keys written with escapes are decoded before matching; keys outside ASCII match by their bytes")
    func escapedAndUnicodeKeys() throws {
        let text = #"{"invoices":[{"invoice\u005fid":"1","caf\u00e9":2,"naïve":3,"":4,"balance":5}]}"#
        let selection = RowFieldSelection(list: "invoices", fields: ["invoice_id", "balance", "naïve", "café", ""])
        let rows = try #require(try JSONParser.parseRows(Data(text.utf8), selection).rows)
        #expect(rows[0, 0] == "1" && rows[0, 1] == 5 && rows[0, 2] == 3 && rows[0, 3] == 2 && rows[0, 4] == 4)
    }
}
