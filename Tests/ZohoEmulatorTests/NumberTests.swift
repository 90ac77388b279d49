import Foundation
import Testing
import ZohoEmulator

@Suite("Number handling")
struct NumberTests {
    @Test(
        "Absurd or non-numeric amounts are rejected instead of overflowing",
        arguments: [
            #"1e400"#, #"1e20"#, #""12abc""#, #"true"#, #"-5"#,
        ])
    func absurdAmounts(_ literal: String) async {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let reply = await harness.post(
            "/invoices",
            rawJSON:
                #"{"customer_id":"\#(customer)","date":"2025-06-15","invoice_items":[{"name":"A","rate":\#(literal)}]}"#
        )
        #expect(reply.status == 400)
        #expect(reply.code == ZohoErrorCode.invalidValue)
    }

    @Test("Amounts sent as numeric strings are stored as numbers")
    func stringAmounts() async {
        let harness = Harness()
        let customer = await harness.customerID(named: "Bluebird")
        let reply = await harness.post(
            "/invoices",
            rawJSON:
                #"{"customer_id":"\#(customer)","date":"2025-06-15","invoice_items":[{"name":"A","rate":"12.50"}]}"#
        )
        #expect(reply.status == 201)
        #expect(reply.text.contains(#""rate":12.50}"#))
        #expect(reply.text.contains(#""total":12.5,"#))
    }
}
