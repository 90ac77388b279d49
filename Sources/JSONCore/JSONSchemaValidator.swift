import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Validates JSON values against a JSON Schema (draft 2020-12), for the keywords this project uses.
///
/// Supported: `$ref` to `#/...` pointers, `type`, `enum`, `const`, `properties`, `required`,
/// `additionalProperties`, `items`, `minItems`, `maxItems`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `minLength`, `maxLength`, `pattern`, `format` (`date`, `date-time`, `email`, `uri`), `anyOf`, `oneOf`.
/// Annotations (`title`, `description`, `default`, `examples`, `$schema`, `$id`) are ignored.
public struct JSONSchemaValidator: Sendable {
    /// Words used in messages, so one validator serves tool arguments and schema files.
    public struct Vocabulary: Sendable {
        /// What a top-level member is called ("argument").
        public var topLevel: String
        /// What a nested member is called ("field").
        public var nested: String

        /// Creates a vocabulary.
        public init(topLevel: String, nested: String) {
            self.topLevel = topLevel
            self.nested = nested
        }

        /// Words for tool arguments.
        public static let arguments = Vocabulary(topLevel: "argument", nested: "field")
        /// Words for the keys of a document, such as a schema file.
        public static let keys = Vocabulary(topLevel: "key", nested: "key")
    }

    /// The schema; `$ref` pointers resolve against it.
    public let root: JSONValue
    /// The words used in messages.
    public let vocabulary: Vocabulary

    /// Creates a validator for `schema`.
    public init(schema: JSONValue, vocabulary: Vocabulary = .arguments) {
        self.root = schema
        self.vocabulary = vocabulary
    }

    /// Every violation of the schema, in a stable order; empty when the instance is valid.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        check(instance, against: root, path: [], into: &violations, depth: 0)
        return violations
    }

    // MARK: - Keywords

    private func check(
        _ instance: JSONValue,
        against schema: JSONValue,
        path: [JSONPathComponent],
        into violations: inout [SchemaViolation],
        depth: Int
    ) {
        guard depth < 64 else { return }
        if case .bool(let allowed) = schema {
            if !allowed { violations.append(violation(path, "\(name(path)) is not allowed here.")) }
            return
        }
        guard case .object(let keywords) = schema else { return }

        if let reference = keywords["$ref"]?.stringValue {
            if let target = resolve(reference) {
                check(instance, against: target, path: path, into: &violations, depth: depth + 1)
            }
        }

        if let type = keywords["type"], !matchesType(instance, type) {
            let expected = typeNames(type)
            violations.append(
                violation(
                    path, "\(name(path)) must be \(expected), not \(article(instance.typeName)) (\(preview(instance)))."
                ))
            return
        }

        if let options = keywords["enum"]?.arrayValue, !options.contains(where: { equal($0, instance) }) {
            let listed = options.map(display).joined(separator: ", ")
            violations.append(violation(path, "\(name(path)) must be one of: \(listed) (got \(preview(instance)))."))
        }
        if let constant = keywords["const"], !equal(constant, instance) {
            violations.append(violation(path, "\(name(path)) must be \(display(constant)) (got \(preview(instance)))."))
        }

        for combinator in ["anyOf", "oneOf"] {
            guard let branches = keywords[combinator]?.arrayValue, !branches.isEmpty else { continue }
            var best: [SchemaViolation]? = nil
            var matches = 0
            for branch in branches {
                var branchViolations: [SchemaViolation] = []
                check(instance, against: branch, path: path, into: &branchViolations, depth: depth + 1)
                if branchViolations.isEmpty {
                    matches += 1
                } else if best == nil || branchViolations.count < best!.count {
                    best = branchViolations
                }
            }
            if matches == 0, let best {
                violations.append(contentsOf: best)
            } else if combinator == "oneOf", matches > 1 {
                violations.append(violation(path, "\(name(path)) matches more than one allowed form."))
            }
        }

        switch instance {
        case .object(let members):
            checkObject(members, keywords: keywords, path: path, into: &violations, depth: depth)
        case .array(let elements):
            if let minimum = keywords["minItems"]?.numberValue?.intValue, elements.count < minimum {
                violations.append(
                    violation(path, "\(name(path)) needs at least \(minimum) item\(minimum == 1 ? "" : "s")."))
            }
            if let maximum = keywords["maxItems"]?.numberValue?.intValue, elements.count > maximum {
                violations.append(
                    violation(path, "\(name(path)) takes at most \(maximum) items (got \(elements.count))."))
            }
            if let items = keywords["items"] {
                for (index, element) in elements.enumerated() {
                    check(element, against: items, path: path + [.index(index)], into: &violations, depth: depth + 1)
                }
            }
        case .string(let string):
            checkString(string, keywords: keywords, path: path, into: &violations)
        case .number(let number):
            checkNumber(number, keywords: keywords, path: path, into: &violations)
        case .null, .bool:
            break
        }
    }

    private func checkObject(
        _ members: [String: JSONValue],
        keywords: [String: JSONValue],
        path: [JSONPathComponent],
        into violations: inout [SchemaViolation],
        depth: Int
    ) {
        let properties = keywords["properties"]?.objectValue ?? [:]
        if let required = keywords["required"]?.arrayValue {
            for case .string(let key) in required where members[key] == nil {
                if path.isEmpty {
                    violations.append(
                        violation(path + [.key(key)], "Missing required \(vocabulary.topLevel) `\(key)`."))
                } else {
                    violations.append(
                        violation(
                            path + [.key(key)], "\(name(path)) is missing required \(vocabulary.nested) `\(key)`."))
                }
            }
        }
        for key in members.keys.sorted() {
            let value = members[key]!
            let childPath = path + [.key(key)]
            if let propertySchema = properties[key] {
                check(value, against: propertySchema, path: childPath, into: &violations, depth: depth + 1)
            } else if let additional = keywords["additionalProperties"] {
                if case .bool(false) = additional {
                    let allowed = properties.keys.sorted().joined(separator: ", ")
                    let noun = path.isEmpty ? vocabulary.topLevel : vocabulary.nested
                    let place = path.isEmpty ? "" : " in \(name(path))"
                    let hint = allowed.isEmpty ? " None are accepted here." : " Allowed: \(allowed)."
                    violations.append(violation(childPath, "Unknown \(noun) `\(key)`\(place).\(hint)"))
                } else {
                    check(value, against: additional, path: childPath, into: &violations, depth: depth + 1)
                }
            }
        }
    }

    private func checkString(
        _ string: String,
        keywords: [String: JSONValue],
        path: [JSONPathComponent],
        into violations: inout [SchemaViolation]
    ) {
        let length = string.count
        if let minimum = keywords["minLength"]?.numberValue?.intValue, length < minimum {
            let what = minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters long"
            violations.append(violation(path, "\(name(path)) \(what)."))
        }
        if let maximum = keywords["maxLength"]?.numberValue?.intValue, length > maximum {
            violations.append(
                violation(path, "\(name(path)) must be at most \(maximum) characters long (got \(length))."))
        }
        if let pattern = keywords["pattern"]?.stringValue, !JSONSchemaValidator.matches(string, pattern: pattern) {
            violations.append(
                violation(path, "\(name(path)) must match the pattern \(pattern) (got \(preview(.string(string))))."))
        }
        if let format = keywords["format"]?.stringValue, let problem = JSONSchemaValidator.formatProblem(string, format)
        {
            violations.append(violation(path, "\(name(path)) must be \(problem) (got \(preview(.string(string))))."))
        }
    }

    private func checkNumber(
        _ number: JSONNumber,
        keywords: [String: JSONValue],
        path: [JSONPathComponent],
        into violations: inout [SchemaViolation]
    ) {
        guard let value = Decimal(string: number.text) else { return }
        if let bound = keywords["minimum"]?.numberValue, let limit = Decimal(string: bound.text), value < limit {
            violations.append(violation(path, "\(name(path)) must be at least \(bound.text) (got \(number.text))."))
        }
        if let bound = keywords["maximum"]?.numberValue, let limit = Decimal(string: bound.text), value > limit {
            violations.append(violation(path, "\(name(path)) must be at most \(bound.text) (got \(number.text))."))
        }
        if let bound = keywords["exclusiveMinimum"]?.numberValue, let limit = Decimal(string: bound.text),
            value <= limit
        {
            violations.append(violation(path, "\(name(path)) must be greater than \(bound.text) (got \(number.text))."))
        }
    }

    // MARK: - Helpers

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = root
        for token in reference.dropFirst().split(separator: "/") {
            let key = String(token).replacing("~1", with: "/").replacing("~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[key] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(key), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    private func matchesType(_ instance: JSONValue, _ type: JSONValue) -> Bool {
        switch type {
        case .string(let name): return matchesType(instance, name)
        case .array(let names): return names.contains { $0.stringValue.map { matchesType(instance, $0) } ?? false }
        default: return true
        }
    }

    private func matchesType(_ instance: JSONValue, _ name: String) -> Bool {
        switch (name, instance) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.isInteger
        default:
            return false
        }
    }

    private func typeNames(_ type: JSONValue) -> String {
        switch type {
        case .string(let name): return article(name)
        case .array(let names): return names.compactMap(\.stringValue).map(article).joined(separator: " or ")
        default: return "valid"
        }
    }

    private func article(_ typeName: String) -> String {
        switch typeName {
        case "integer", "array", "object": "an \(typeName)"
        case "null": "null"
        default: "a \(typeName)"
        }
    }

    private func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if case .number(let left) = lhs, case .number(let right) = rhs {
            return Decimal(string: left.text) == Decimal(string: right.text)
        }
        return lhs == rhs
    }

    private func name(_ path: [JSONPathComponent]) -> String {
        path.isEmpty ? "The value" : "`\(path.dottedName)`"
    }

    private func display(_ value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return value.serialized()
    }

    private func preview(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    private func violation(_ path: [JSONPathComponent], _ message: String) -> SchemaViolation {
        SchemaViolation(path: path, message: message.first.map { $0.uppercased() + message.dropFirst() } ?? message)
    }

    // MARK: - Formats and patterns

    /// Whether `string` matches `pattern`. Digits and word classes are ASCII-only and matching works on Unicode
    /// scalars, as in ECMA-262, and `$` matches only at the true end (never before a final line break). A pattern
    /// that does not compile constrains nothing: the schema files are checked at build time.
    static func matches(_ string: String, pattern: String) -> Bool {
        switch CompiledPatterns.shared.matcher(for: pattern) {
        case .characterRun(let run): return run.matches(string)
        case .regex(let expression): return string.firstMatch(of: expression) != nil
        case .invalid: return true
        }
    }

    /// Nil when `string` satisfies `format`, else what it must be.
    public static func formatProblem(_ string: String, _ format: String) -> String? {
        switch format {
        case "date":
            return isCalendarDate(string) ? nil : "a date in yyyy-mm-dd form, such as 2026-01-31"
        case "date-time":
            let parts = string.split(separator: "T", maxSplits: 1)
            let valid =
                parts.count == 2 && isCalendarDate(String(parts[0]))
                && matches(String(parts[1]), pattern: #"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"#)
            return valid ? nil : "a date and time such as 2026-01-31T14:30:00+0000"
        case "email":
            let valid = matches(string, pattern: #"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$"#)
            return valid ? nil : "an email address such as name@example.com"
        case "uri":
            return matches(string, pattern: #"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$"#) ? nil : "an absolute URL"
        default:
            return nil
        }
    }

    static func isCalendarDate(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        let digitIndices = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digitIndices.allSatisfy({ (0x30...0x39).contains(bytes[$0]) }) else { return false }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        let year = number(0..<4)
        let month = number(5..<7)
        let day = number(8..<10)
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}

/// Compiled patterns, kept for the life of the process: compiling costs far more than matching, and the set of
/// patterns is the fixed set in the schema files.
final class CompiledPatterns: Sendable {
    static let shared = CompiledPatterns()

    enum Matcher: @unchecked Sendable {
        // Regex values are immutable once built; the table's mutex guards the table, not the values.
        case characterRun(CharacterRun)
        case regex(Regex<AnyRegexOutput>)
        case invalid
    }

    private let table = Mutex([String: Matcher]())

    func matcher(for pattern: String) -> Matcher {
        if let matcher = table.withLock({ $0[pattern] }) { return matcher }
        let matcher: Matcher
        if let run = CharacterRun(pattern: pattern) {
            matcher = .characterRun(run)
        } else if let regex = try? Regex(pattern).asciiOnlyCharacterClasses().matchingSemantics(.unicodeScalar) {
            matcher = .regex(regex)
        } else {
            matcher = .invalid
        }
        table.withLock { $0[pattern] = matcher }
        return matcher
    }
}

/// The commonest id patterns, `^[0-9]+$` and its kin (one ASCII character class, repeated, anchored at both
/// ends), matched byte by byte: an order of magnitude faster than a general regex, and checked on every call.
struct CharacterRun: Sendable, Equatable {
    private var allowed: [Bool]
    private var minimum: Int
    private var maximum: Int?

    /// Recognizes `^[class]+$`, `^[class]*$`, `^[class]{n}$` and `^[class]{m,n}$` with literal ASCII characters
    /// and ranges in the class; nil for anything else.
    init?(pattern: String) {
        var bytes = Array(pattern.utf8)[...]
        guard bytes.popFirst() == UInt8(ascii: "^"), bytes.popFirst() == UInt8(ascii: "["),
            bytes.popLast() == UInt8(ascii: "$"), let close = bytes.firstIndex(of: UInt8(ascii: "]"))
        else { return nil }
        var set = [Bool](repeating: false, count: 128)
        let members = Array(bytes[..<close])
        guard !members.isEmpty, members.first != UInt8(ascii: "^") else { return nil }
        var index = 0
        while index < members.count {
            let first = members[index]
            guard first < 128, first != UInt8(ascii: "\\"), first != UInt8(ascii: "[") else { return nil }
            if index + 2 < members.count, members[index + 1] == UInt8(ascii: "-") {
                let last = members[index + 2]
                guard last < 128, first <= last, last != UInt8(ascii: "\\") else { return nil }
                for byte in first...last { set[Int(byte)] = true }
                index += 3
            } else {
                set[Int(first)] = true
                index += 1
            }
        }
        let quantifier = String(decoding: bytes[bytes.index(after: close)...], as: UTF8.self)
        switch quantifier {
        case "+": (minimum, maximum) = (1, nil)
        case "*": (minimum, maximum) = (0, nil)
        default:
            guard quantifier.hasPrefix("{"), quantifier.hasSuffix("}") else { return nil }
            let bounds = quantifier.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]) else { return nil }
            if bounds.count == 1 {
                (minimum, maximum) = (low, low)
            } else {
                guard let high = Int(bounds[1]), high >= low else { return nil }
                (minimum, maximum) = (low, high)
            }
        }
        allowed = set
    }

    func matches(_ string: String) -> Bool {
        var count = 0
        for byte in string.utf8 {
            guard byte < 128, allowed[Int(byte)] else { return false }
            count += 1
        }
        return count >= minimum && maximum.map { count <= $0 } ?? true
    }
}
