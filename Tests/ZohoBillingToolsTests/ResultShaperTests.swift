import Foundation
import JSONCore
import Testing

@testable import ZohoBillingTools

/// A `get_*` read passes Zoho's text on and builds only the summary's fields; the structured value is still the
/// whole record when someone asks for it, and text that cannot be copied falls back to the whole tree.
@Suite struct ResultShaperTests {
    static let getInvoice = ToolCatalog.billing.tool(named: "get_invoice")!

    func shape(_ text: String) throws -> ToolOutcome {
        let selection = MemberFieldSelection(member: "invoice", fields: ResultShaper.summaryFields(key: "invoice"))
        let parsed = try JSONParser.parseKeepingText(Data(text.utf8), summary: selection)
        return ResultShaper.outcome(
            for: Self.getInvoice, body: parsed.value, verbatim: parsed.verbatim, arguments: [:], partial: true)
    }

    @Test("The text carries Zoho's record verbatim; the structured value is the whole record, parsed on demand")
    func verbatimRecord() throws {
        let outcome = try shape(
            #"{"code":0,"message":"success","invoice":{"invoice_id":"7","invoice_number":"INV-00042","rate":75.50,"line_items":[{"rate":1.10}]}}"#
        )
        #expect(outcome.text.hasPrefix("Invoice INV-00042.\n"))
        #expect(
            outcome.structuredJSON
                == #"{"invoice":{"invoice_id":"7","invoice_number":"INV-00042","rate":75.50,"line_items":[{"rate":1.10}]}}"#
        )
        #expect(outcome.builtStructured == nil, "no tree is built on the call's path")
        #expect(outcome.structured?["invoice"]?["line_items"]?.arrayValue?.count == 1)
        #expect(outcome.structured?["invoice"]?["rate"]?.numberValue?.text == "75.50")
    }

    @Test("A raw line break inside the record cannot be copied: the whole tree is built and serialized instead")
    func fallsBackToTheTree() throws {
        let outcome = try shape(
            "{\"code\":0,\"invoice\":{\"invoice_id\":\"7\",\"invoice_number\":\"INV-1\",\n\"notes\":[1,\n2]}}")
        #expect(outcome.text.hasPrefix("Invoice INV-1.\n"))
        #expect(outcome.builtStructured?["invoice"]?["notes"]?.arrayValue?.count == 2)
        #expect(outcome.structuredJSON?.contains("\n") == false)
    }
}
