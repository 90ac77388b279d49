@testable import JSONCore
import Testing

@Suite struct JSONSchemaValidatorTests {
    let schema: JSONValue = try! JSONParser.parse(
        #"""
        {
          "type": "object",
          "properties": {
            "status": {"type": "string", "enum": ["all", "paid", "void"]},
            "date": {"type": "string", "format": "date"},
            "amount": {"type": "number", "exclusiveMinimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "customer_id": {"type": "string", "pattern": "^[0-9]+$"},
            "email": {"type": "string", "format": "email"},
            "items": {
              "type": "array", "minItems": 1,
              "items": {"type": "object", "properties": {"rate": {"type": "number"}}, "required": ["rate"]}
            },
            "plan": {
              "type": "object", "additionalProperties": false,
              "properties": {"plan_code": {"type": "string", "minLength": 1}}, "required": ["plan_code"]
            }
          },
          "required": ["customer_id"],
          "additionalProperties": false
        }
        """#)

    func messages(_ arguments: String) throws -> [String] {
        JSONSchemaValidator(schema: schema).validate(try JSONParser.parse(arguments)).map(\.message)
    }

    @Test("A valid instance has no violations")
    func valid() throws {
        let arguments =
            #"{"customer_id":"123","status":"paid","date":"2024-02-29","amount":19.99,"page":2,"#
            + #""email":"a@example.com","items":[{"rate":5}],"plan":{"plan_code":"basic"}}"#
        #expect(try messages(arguments) == [])
    }

    @Test("Missing and unknown arguments are named with what is allowed")
    func requiredAndUnknown() throws {
        let found = try messages(#"{"colour":"red"}"#)
        #expect(found.contains("Missing required argument `customer_id`."))
        #expect(found.contains { $0.hasPrefix("Unknown argument `colour`. Allowed: amount, customer_id, date") })
    }

    @Test("Enum, format, pattern, type and range failures explain the fix")
    func valueProblems() throws {
        let found = try messages(
            #"{"customer_id":"abc","status":"late","date":"2023-02-29","amount":0,"page":1.5,"email":"nope"}"#)
        #expect(found.contains("`status` must be one of: all, paid, void (got \"late\")."))
        #expect(found.contains { $0.hasPrefix("`date` must be a date in yyyy-mm-dd form") })
        #expect(found.contains("`amount` must be greater than 0 (got 0)."))
        #expect(found.contains("`page` must be an integer, not a number (1.5)."))
        #expect(found.contains("`customer_id` must match the pattern ^[0-9]+$ (got \"abc\")."))
        #expect(found.contains { $0.hasPrefix("`email` must be an email address") })
    }

    @Test("Nested problems carry a dotted path")
    func nested() throws {
        let found = try messages(#"{"customer_id":"1","items":[{"rate":"5"},{}],"plan":{"code":"x"}}"#)
        #expect(found.contains("`items[0].rate` must be a number, not a string (\"5\")."))
        #expect(found.contains("`items[1]` is missing required field `rate`."))
        #expect(found.contains("`plan` is missing required field `plan_code`."))
        #expect(found.contains("Unknown field `code` in `plan`. Allowed: plan_code."))
    }

    @Test("Whole numbers written with a fraction count as integers; enums compare numbers by value")
    func numericEquality() throws {
        let schema: JSONValue = ["type": "object", "properties": ["n": ["type": "integer", "enum": [1, 2]]]]
        let violations = JSONSchemaValidator(schema: schema).validate(try JSONParser.parse(#"{"n": 2.0}"#))
        #expect(violations.isEmpty)
    }

    @Test("References and anyOf resolve against the root")
    func referencesAndAnyOf() throws {
        let schema = try JSONParser.parse(
            ##"{"$defs":{"t":{"anyOf":[{"enum":["a","b"]},{"type":"array","items":{"enum":["a","b"]}}]}},"##
                + ##""type":"object","properties":{"x":{"$ref":"#/$defs/t"}}}"##)
        let validator = JSONSchemaValidator(schema: schema)
        #expect(validator.validate(try JSONParser.parse(#"{"x":["a","b"]}"#)).isEmpty)
        let found = validator.validate(try JSONParser.parse(#"{"x":"c"}"#)).map(\.message)
        #expect(found == ["`x` must be one of: a, b (got \"c\")."])
    }
}

@Suite struct CharacterRunTests {
    static let patterns = [
        "^[0-9]+$", "^[A-Z]{3}$", "^[A-Za-z0-9_.]+$", "^[a-z_]+$", "^[a-z0-9_]{0,31}$", "^[a-c-]*$", "^[.]{2,4}$",
    ]
    static let inputs = [
        "", "0", "123", "123\n", "12\u{2028}", "\u{0661}\u{0662}", "ABC", "AB", "ABCD", "abc", "a_b.c", "a-b",
        "..", ".....", "x y", "0123456789012345678901234567890123", "café", "a\u{0}b",
    ]

    @Test("The byte matcher agrees with the regex on every recognized pattern")
    func agreesWithRegex() throws {
        for pattern in Self.patterns {
            let run = try #require(CharacterRun(pattern: pattern), "\(pattern) is recognized")
            let regex = try Regex(pattern).asciiOnlyCharacterClasses().matchingSemantics(.unicodeScalar)
            for input in Self.inputs {
                #expect(
                    run.matches(input) == (input.firstMatch(of: regex) != nil),
                    "\(pattern) on \(input.debugDescription)")
            }
        }
    }

    @Test("Patterns beyond one anchored class are left to the regex")
    func unrecognized() {
        for pattern in ["^[a-z][a-z0-9_]*$", "^/[a-z]*$", "[0-9]+", "^[^0-9]+$", "^[\\d]+$", "^[0-9]+", "^[0-9]{x}$"] {
            #expect(CharacterRun(pattern: pattern) == nil, "\(pattern)")
        }
    }
}
