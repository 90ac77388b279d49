import Foundation
import JSONCore
import Testing

@Suite struct VerbatimJSONObjectTests {
    @Test("Members are copied byte for byte, in the text's order, without the omitted ones")
    func copiesMembersVerbatim() throws {
        let text = #"{"code":0,"message":"success","invoice":{"total":75.50,"rate":1234.567,"b":1,"a":2},"z":[0.10]}"#
        let parsed = try JSONParser.parseKeepingText(Data(text.utf8))
        let verbatim = try #require(parsed.verbatim)
        #expect(
            verbatim.text(omitting: ["code", "message"])
                == #"{"invoice":{"total":75.50,"rate":1234.567,"b":1,"a":2},"z":[0.10]}"#)
        #expect(verbatim.text(omitting: []) == text)
        // The copy describes the same value the parser built.
        var expected = try #require(parsed.value.objectValue)
        expected.removeValue(forKey: "code")
        #expect(try JSONParser.parse(#require(verbatim.text(omitting: ["code"]))) == .object(expected))
    }

    @Test("Whitespace between tokens and escaped keys survive as valid single-line JSON")
    func whitespaceAndEscapedKeys() throws {
        let text = "{ \"a\\\"b\" :  [1, 2] ,\t\"c\": \"x\\ny\" }"
        let verbatim = try #require(try JSONParser.parseKeepingText(Data(text.utf8)).verbatim)
        let copy = try #require(verbatim.text(omitting: []))
        #expect(copy == #"{"a\"b":[1, 2],"c":"x\ny"}"#)
        #expect(try JSONParser.parse(copy) == JSONParser.parse(text))
    }

    @Test("A value with a raw line break or invalid UTF-8 is not copied, and a non-object top level is not offered")
    func refusesUnsafeText() throws {
        #expect(try JSONParser.parseKeepingText(Data("{\"a\":[1,\n2]}".utf8)).verbatim?.text(omitting: []) == nil)
        #expect(try JSONParser.parseKeepingText(Data("{\"a\":{\"b\":\r1}}".utf8)).verbatim?.text(omitting: []) == nil)
        // Line breaks between members are not copied, only the values are.
        #expect(
            try JSONParser.parseKeepingText(Data("{\n\"a\":1\r\n}".utf8)).verbatim?.text(omitting: []) == #"{"a":1}"#)
        #expect(try JSONParser.parseKeepingText(Data("[1,2]".utf8)).verbatim == nil)
        var invalid = Data(#"{"name":"Bergstr"#.utf8)
        invalid.append(contentsOf: [0xC3, 0x28])  // a lead byte followed by a byte that cannot continue it
        invalid.append(contentsOf: #""}"#.utf8)
        let parsed = try JSONParser.parseKeepingText(invalid)
        #expect(parsed.verbatim?.text(omitting: []) == nil)
        #expect(parsed.value["name"]?.stringValue?.contains("\u{FFFD}") == true)
        let valid = try JSONParser.parseKeepingText(Data(#"{"name":"Bergström €"}"#.utf8))
        #expect(valid.verbatim?.text(omitting: []) == #"{"name":"Bergström €"}"#)
    }

    @Test("Duplicate keys are still refused, at the second key's position")
    func duplicateKeys() {
        let error = #expect(throws: JSONSyntaxError.self) {
            try JSONParser.parseKeepingText(Data("{\"a\":1,\n\"a\":2}".utf8))
        }
        #expect(error?.description == #"line 2, column 1: duplicate key "a""#)
    }
}
