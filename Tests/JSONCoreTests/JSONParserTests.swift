import Foundation
import JSONCore
import Testing

@Suite struct JSONParserTests {
    @Test("Numbers keep their exact text through a round trip")
    func numbersRoundTrip() throws {
        let text = #"{"a":19.99,"b":370.00,"c":-0.5,"d":1e3,"e":12345678901234567890.123456789}"#
        let value = try JSONParser.parse(text)
        #expect(value.serialized() == text)
        #expect(value["a"]?.numberValue?.text == "19.99")
    }

    @Test("Strings with escapes, unicode and surrogate pairs decode and re-encode")
    func stringEscapes() throws {
        let value = try JSONParser.parse(#"["line\nbreak","quote\"","\u00e9\ud83d\ude00","tab\t","slash\/"]"#)
        #expect(value.arrayValue?[0].stringValue == "line\nbreak")
        #expect(value.arrayValue?[2].stringValue == "é😀")
        #expect(value.arrayValue?[4].stringValue == "slash/")
        let again = try JSONParser.parse(value.serialized())
        #expect(again == value)
        #expect(!value.serialized().contains("\n"))
    }

    @Test(
        "Syntax errors name the line and column",
        arguments: [
            ("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, "expected ':'"),
            ("[1, 2,, 3]", 1, "unexpected character"),
            ("{\"a\": tru}", 1, "invalid literal"),
            ("{\"a\": 01}", 1, "invalid number"),
            ("\"open", 1, "unterminated string"),
            ("{\"a\":1,\"a\":2}", 1, "duplicate key"),
            ("", 1, "unexpected end"),
            ("[1] [2]", 1, "unexpected text after"),
        ])
    func syntaxErrors(input: String, line: Int, reason: String) {
        #expect {
            try JSONParser.parse(input)
        } throws: { error in
            guard let syntax = error as? JSONSyntaxError else { return false }
            return syntax.line == line && syntax.reason.contains(reason)
        }
    }

    @Test("Nesting deeper than the limit is rejected, not a crash")
    func depthLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test("Recorded lines point at keys and elements")
    func lineRecording() throws {
        let text = """
            {
              "tools": [
                {
                  "name": "x",
                  "path": "/y"
                }
              ]
            }
            """
        let document = try JSONParser.parseDocument(Data(text.utf8), recordingLines: true)
        #expect(document.line(of: "/tools/0/name") == 4)
        #expect(document.line(of: "/tools/0/path") == 5)
        #expect(document.line(of: "/tools/0/missing") == 3)
        #expect(document.line(of: "") == 1)
    }

    @Test("Pretty output is indented and sorted")
    func prettyOutput() throws {
        let value: JSONValue = ["b": [1, 2], "a": ["x": nil]]
        #expect(value.serialized(.pretty) == "{\n  \"a\": {\n    \"x\": null\n  },\n  \"b\": [\n    1,\n    2\n  ]\n}")
    }

    @Test("Numbers made from doubles use the shortest exact text")
    func doubleNumbers() {
        #expect(JSONNumber(19.99)?.text == "19.99")
        #expect(JSONNumber(500.0)?.text == "500")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(text: "01") == nil)
        #expect(JSONNumber(text: "-1.5e-3")?.text == "-1.5e-3")
    }
}
