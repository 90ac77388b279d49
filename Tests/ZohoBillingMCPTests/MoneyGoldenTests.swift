import Foundation
import JSONCore
import TestSupport
import Testing

/// Amounts keep the exact digits Zoho or the caller wrote (75.50, 0.10, 1234.567), in the text block and in
/// `structuredContent`, through the built binary. The golden file lists every number of each result by JSON
/// pointer, so a rounding or re-printing anywhere on the path shows as a diff.
@Suite struct MoneyGoldenTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Snapshots")

    static let calls: [(String, JSONValue)] = [
        ("get_invoice", ["invoice_id": "903000000010030"]),
        ("get_payment", ["payment_id": "903000000010054"]),
        ("get_customer", ["customer_id": "903000000010052"]),
        (
            "record_payment",
            [
                "customer_id": "903000000010052", "payment_mode": "banktransfer", "amount": .number(number("1234.567")),
                "bank_charges": .number(number("0.10")), "date": "2026-11-30", "invoices": [],
            ]
        ),
    ]

    static func number(_ text: String) -> JSONNumber { JSONNumber(text: text)! }

    /// `pointer = literal` for every number in `value`, sorted.
    static func numbers(in value: JSONValue, at pointer: String = "") -> [String] {
        switch value {
        case .number(let number): return ["\(pointer) = \(number.text)"]
        case .array(let elements):
            return elements.enumerated().flatMap { numbers(in: $1, at: "\(pointer)/\($0)") }
        case .object(let members):
            return members.keys.sorted().flatMap { numbers(in: members[$0]!, at: "\(pointer)/\($0)") }
        default: return []
        }
    }

    @Test("Every amount of several results keeps its digits in text and structuredContent")
    func amounts() async throws {
        // Payments are a toolset outside the default set.
        let server = try ProtocolEraTests.sandbox(toolsets: "default,payments")
        _ = try await server.initialize()
        var golden = ""
        for (index, (name, arguments)) in Self.calls.enumerated() {
            let result = try await server.callTool(name, arguments, id: index + 1)
            #expect(result["isError"] == false, "\(name): \(result.toolText)")
            let structured = try #require(result["structuredContent"])
            // The text block is a summary line, then the same JSON.
            let text = result.toolText
            let jsonText = try #require(text.split(separator: "\n", maxSplits: 1).last.map(String.init))
            let fromText = try JSONParser.parse(jsonText)
            let structuredNumbers = Self.numbers(in: structured)
            #expect(Self.numbers(in: fromText) == structuredNumbers, "\(name): text and structured differ")
            golden += "# \(name)\n" + structuredNumbers.joined(separator: "\n") + "\n"
        }
        for digits in ["75.50", "0.10", "1234.567"] {
            #expect(golden.contains("= \(digits)\n"), "\(digits) is in the results")
        }
        // The wire itself, not only our parser's view of it, carries the digits.
        for digits in [#""rate":75.50"#, #""bank_charges":0.10"#, #""amount":1234.567"#] {
            #expect(server.stdoutText.contains(digits), "\(digits) on stdout")
        }
        // Record ids and dates of the new payment change per run; amounts do not.
        let stable = golden.split(separator: "\n").filter { !$0.contains("_time") }.joined(separator: "\n")
        try Snapshot.assertMatches(stable + "\n", named: "money-results.txt", directory: Self.snapshots)
    }
}
