import Foundation
import JSONCore
import Testing

/// The parser and the writer test eight bytes at a time for the bytes a string's plain run ends at. Each such
/// byte is put at every position within and across a word, so a mask that missed a lane would show.
@Suite struct StringScanningTests {
    /// The bytes that end a plain run, written as they appear inside a JSON string, and what they decode to.
    static let specials: [(json: String, decoded: String)] = [
        (#"\""#, "\""), (#"\\"#, "\\"), (#"\n"#, "\n"), (#"\u0001"#, "\u{01}"), ("é", "é"), ("€", "€"),
        (#"\u001f"#, "\u{1f}"),
    ]

    @Test("A special byte at any offset is read, skipped and written correctly")
    func everyOffset() throws {
        for (json, decoded) in Self.specials {
            for offset in 0..<20 {
                let prefix = String(repeating: "a", count: offset)
                let suffix = String(repeating: "b", count: 19 - offset)
                let text = #"{"s":""# + prefix + json + suffix + #"","n":1}"#
                let expected = prefix + decoded + suffix
                #expect(try JSONParser.parse(text)["s"] == .string(expected), "offset \(offset) of \(json)")
                // A pruned member is only checked, by the skipping scan.
                let pruned = try JSONParser.parseKeepingText(
                    Data(#"{"r":"#.utf8) + Data(text.utf8) + Data("}".utf8),
                    summary: MemberFieldSelection(member: "r", fields: ["n"]))
                #expect(pruned.value["r"]?["n"] == 1, "offset \(offset) of \(json)")
                #expect(JSONValue.string(expected).serialized() == "\"" + Self.escaped(expected) + "\"")
            }
        }
    }

    @Test("A raw control character or an unterminated string is an error at any offset")
    func errorsAtEveryOffset() {
        for offset in 0..<20 {
            let prefix = String(repeating: "a", count: offset)
            let control = "{\"s\":\"" + prefix + "\u{01}\"}"
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(control) }
            let selection = MemberFieldSelection(member: "r", fields: ["n"])
            let skippedControl = "{\"r\":{\"s\":\"" + prefix + "\u{01}\"}}"
            #expect(throws: JSONSyntaxError.self) {
                try JSONParser.parseKeepingText(Data(skippedControl.utf8), summary: selection)
            }
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{\"s\":\"" + prefix) }
        }
    }

    @Test("Text outside ASCII in a skipped member still marks the body for checking before a verbatim copy")
    func nonASCIIIsNoticed() throws {
        for offset in 0..<12 {
            let prefix = String(repeating: "a", count: offset)
            let valid = #"{"r":{"s":""# + prefix + #"é"},"t":1}"#
            let parsed = try JSONParser.parseKeepingText(
                Data(valid.utf8), summary: MemberFieldSelection(member: "r", fields: []))
            #expect(parsed.verbatim?.text(omitting: []) == #"{"r":{"s":""# + prefix + #"é"},"t":1}"#)
            // Invalid UTF-8 is never copied verbatim.
            var invalid = Data(#"{"r":{"s":""#.utf8) + Data(prefix.utf8)
            invalid.append(0xFF)
            invalid += Data(#""},"t":1}"#.utf8)
            let repaired = try JSONParser.parseKeepingText(
                invalid, summary: MemberFieldSelection(member: "r", fields: []))
            #expect(repaired.verbatim?.text(omitting: []) == nil, "offset \(offset)")
        }
    }

    /// JSON escaping as the writer does it: quote, backslash and control characters only.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let control where control.value < 0x20: out += String(format: "\\u%04x", control.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
