#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.Data
#else
    public import struct Foundation.Data
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads JSON (RFC 8259) from bytes.
///
/// Written here rather than taken from Foundation for two reasons: the schema generator must report the line of
/// every problem, and tool arguments and Zoho responses must keep the exact text of their numbers.
public enum JSONParser {
    /// Deepest nesting accepted; deeper input is rejected instead of exhausting the stack.
    public static let maximumDepth = 256

    /// Parses a complete JSON text.
    /// - Throws: ``JSONSyntaxError`` naming the line and column.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        try parseDocument(data, recordingLines: false).value
    }

    /// Parses a complete JSON text given as a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses a complete JSON text given as bytes.
    public static func parse(bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try parseDocument(bytes: bytes, recordingLines: false).value
    }

    /// Parses a complete JSON text and optionally records the line of every value.
    public static func parseDocument(_ data: Data, recordingLines: Bool) throws(JSONSyntaxError) -> JSONDocument {
        try withBuffer(of: data) { buffer throws(JSONSyntaxError) in
            try parseDocument(buffer: buffer, recordingLines: recordingLines, recordingMembers: false).document
        }
    }

    static func parseDocument(bytes: [UInt8], recordingLines: Bool) throws(JSONSyntaxError) -> JSONDocument {
        var outcome: Result<JSONDocument, JSONSyntaxError> = .failure(JSONSyntaxError(line: 1, column: 1, reason: ""))
        bytes.withUnsafeBufferPointer { buffer in
            outcome = Result { () throws(JSONSyntaxError) in
                try parseDocument(buffer: buffer, recordingLines: recordingLines, recordingMembers: false).document
            }
        }
        return try outcome.get()
    }

    /// Parses a complete JSON text and keeps the text beside the value when it is an object, so that its members can
    /// be copied out verbatim (see ``VerbatimJSONObject``).
    ///
    /// With `summary`, one top-level object member keeps only the named fields in the value, while the verbatim
    /// text keeps everything: for a caller that passes the text on and reads only a few fields itself.
    public static func parseKeepingText(
        _ data: Data, summary: MemberFieldSelection? = nil
    ) throws(JSONSyntaxError) -> (value: JSONValue, verbatim: VerbatimJSONObject?) {
        let selection = summary.map { Reader.Selection(key: $0.member, fields: $0.fields, opener: 0x7B, depth: 1) }
        let parsed = try withBuffer(of: data) { buffer throws(JSONSyntaxError) in
            try parseDocument(buffer: buffer, recordingLines: false, recordingMembers: true, selection: selection)
        }
        guard case .object = parsed.document.value else { return (parsed.document.value, nil) }
        let verbatim = VerbatimJSONObject(bytes: data, members: parsed.members, hasNonASCII: parsed.sawNonASCII)
        return (parsed.document.value, verbatim)
    }

    /// Parses a complete JSON text whose top-level object holds a list of rows under `selection.list`, reading
    /// each row's selected fields into a ``JSONRowTable``. The other fields are checked as JSON but never built,
    /// which is most of the work for a reader that needs a few fields of hundreds of rows.
    ///
    /// The returned value is the rest of the text: the top-level value without the list's member. `rows` is nil
    /// when the text has no such member or it is not an array; an element that is not an object is a row with no
    /// values. A field named twice in one row is an error, as a duplicate key is anywhere else.
    public static func parseRows(
        _ data: Data, _ selection: RowFieldSelection
    ) throws(JSONSyntaxError) -> (value: JSONValue, rows: JSONRowTable?) {
        try withBuffer(of: data) { buffer throws(JSONSyntaxError) in
            var reader = Reader(bytes: buffer, recordingLines: false)
            reader.columns = Reader.Columns(selection)
            reader.skipWhitespace()
            let value = try reader.readValue(pointer: "", depth: 0)
            reader.skipWhitespace()
            guard reader.index == reader.bytes.count else { throw reader.error("unexpected text after the JSON value") }
            return (value, reader.rowTable)
        }
    }

    private static func withBuffer<Result>(
        of data: Data, _ body: (UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        var outcome: Swift.Result<Result, JSONSyntaxError>?
        data.withUnsafeBytes { raw in
            outcome = Swift.Result { () throws(JSONSyntaxError) in try body(raw.bindMemory(to: UInt8.self)) }
        }
        return try outcome!.get()
    }

    private static func parseDocument(
        buffer: UnsafeBufferPointer<UInt8>, recordingLines: Bool, recordingMembers: Bool,
        selection: Reader.Selection? = nil
    ) throws(JSONSyntaxError) -> (document: JSONDocument, members: [VerbatimJSONObject.Member], sawNonASCII: Bool) {
        var reader = Reader(bytes: buffer, recordingLines: recordingLines, recordingMembers: recordingMembers)
        reader.selection = selection
        reader.skipWhitespace()
        let value = try reader.readValue(pointer: "", depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else {
            throw reader.error("unexpected text after the JSON value")
        }
        return (JSONDocument(value: value, lines: reader.lines), reader.members, reader.sawNonASCII)
    }
}

/// Reads from a buffer that the caller keeps alive for the whole parse; bounds are checked by hand against
/// `bytes.count` before every access, so the buffer's own checks are not needed twice.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let recordingLines: Bool
    let recordingMembers: Bool
    var index = 0
    var line = 1
    var lineStart = 0
    var lines: [String: Int] = [:]
    /// The top-level object's members and where their values sit, when asked for.
    var members: [VerbatimJSONObject.Member] = []
    /// Whether any string held a byte above ASCII; only then must the text be checked as UTF-8 before it is
    /// copied verbatim (strings are decoded leniently, repairing bad bytes).
    var sawNonASCII = false
    /// Which objects keep only some fields: one top-level member's object (depth 1, a `{`), for
    /// ``JSONParser/parseKeepingText(_:summary:)``.
    struct Selection {
        var key: String
        var fields: Set<String>
        var opener: UInt8
        var depth: Int
        /// The fields' UTF-8 bytes by length, so that a key is matched by comparing bytes rather than by making and
        /// hashing a `String` of it.
        let fieldBytesByLength: [[[UInt8]]]

        init(key: String, fields: Set<String>, opener: UInt8, depth: Int) {
            self.key = key
            self.fields = fields
            self.opener = opener
            self.depth = depth
            var byLength = [[[UInt8]]](repeating: [], count: (fields.map(\.utf8.count).max() ?? 0) + 1)
            for field in fields { byLength[field.utf8.count].append(Array(field.utf8)) }
            fieldBytesByLength = byLength
        }

        /// Whether the raw key bytes (no escapes) name a kept field.
        func keeps(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
            guard key.count < fieldBytesByLength.count else { return false }
            return fieldBytesByLength[key.count].contains { field in
                field.withUnsafeBufferPointer { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
            }
        }
    }

    /// The columns of a list read by position (``JSONParser/parseRows(_:_:)``): each field's UTF-8 bytes by length,
    /// so that a row's key is matched by comparing bytes without making a string of it.
    struct Columns {
        var list: String
        var fields: [String]
        let bytesByLength: [[(bytes: [UInt8], column: Int)]]
        let columnByName: [String: Int]

        init(_ selection: RowFieldSelection) {
            list = selection.list
            fields = selection.fields
            var byLength = [[(bytes: [UInt8], column: Int)]](
                repeating: [], count: (fields.map(\.utf8.count).max() ?? 0) + 1)
            var byName: [String: Int] = [:]
            for (column, field) in fields.enumerated() {
                byLength[field.utf8.count].append((Array(field.utf8), column))
                byName[field] = column
            }
            bytesByLength = byLength
            columnByName = byName
        }

        /// The column of the raw key bytes (no escapes), nil when no column has that name.
        func column(of key: UnsafeBufferPointer<UInt8>) -> Int? {
            guard key.count < bytesByLength.count else { return nil }
            guard let first = key.first, let last = key.last else {
                return bytesByLength[0].first?.column
            }
            for field in bytesByLength[key.count] {
                // Most keys differ from a same-length field in their first or last byte, which spares the call.
                let equal = field.bytes.withUnsafeBufferPointer { bytes in
                    bytes[0] == first && bytes[key.count - 1] == last
                        && memcmp(bytes.baseAddress!, key.baseAddress!, key.count) == 0
                }
                if equal { return field.column }
            }
            return nil
        }
    }

    var columns: Columns?
    /// The rows read by position, once the list has been met.
    var rowTable: JSONRowTable?

    var selection: Selection?
    /// Whether the reader is inside the selected member, where objects at the selection's depth are pruned.
    var insideSelection = false

    init(bytes: UnsafeBufferPointer<UInt8>, recordingLines: Bool, recordingMembers: Bool = false) {
        self.bytes = bytes
        self.recordingLines = recordingLines
        self.recordingMembers = recordingMembers
    }

    func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: index - lineStart + 1, reason: reason)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    mutating func readValue(pointer: String, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        if recordingLines { lines[pointer] = line }
        switch bytes[index] {
        case 0x7B: return try readObject(pointer: pointer, depth: depth)
        case 0x5B: return try readArray(pointer: pointer, depth: depth)
        case 0x22: return .string(try readString())
        case 0x74: try expectLiteral("true"); return .bool(true)
        case 0x66: try expectLiteral("false"); return .bool(false)
        case 0x6E: try expectLiteral("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try readNumber())
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))', expected a value")
        }
    }

    mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let expected = literal.utf8
        guard index + expected.count <= bytes.count, bytes[index..<(index + expected.count)].elementsEqual(expected)
        else { throw error("invalid literal, expected \(literal)") }
        index += expected.count
    }

    mutating func readNumber() throws(JSONSyntaxError) -> JSONNumber {
        JSONNumber(unchecked: String(decoding: try readNumberRange(), as: UTF8.self))
    }

    /// A number literal's bytes, checked.
    mutating func readNumberRange() throws(JSONSyntaxError) -> UnsafeBufferPointer<UInt8> {
        let start = index
        scan: while index < bytes.count {
            switch bytes[index] {
            case 0x30...0x39, 0x2D, 0x2B, 0x2E, 0x65, 0x45: index += 1
            default: break scan
            }
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard JSONNumber.isValidLiteral(slice) else {
            index = start
            throw error("invalid number")
        }
        return slice
    }

    /// The index of the first byte at or after `start` that ends a plain run inside a string (a quote, a
    /// backslash, a control character or a byte above ASCII), or `bytes.count`.
    func plainRunEnd(from start: Int) -> Int {
        StringScan.firstSpecialByte(in: bytes, from: start, includingNonASCII: true)
    }

    mutating func readString() throws(JSONSyntaxError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while true {
            index = plainRunEnd(from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == 0x22 {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw error("control character in string; escape it") }
            sawNonASCII = true
            index += 1
        }
        var scalars = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22:
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            case 0x5C:
                index += 1
                guard index < bytes.count else { throw error("unterminated escape") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case 0x22: scalars.append(0x22)
                case 0x5C: scalars.append(0x5C)
                case 0x2F: scalars.append(0x2F)
                case 0x62: scalars.append(0x08)
                case 0x66: scalars.append(0x0C)
                case 0x6E: scalars.append(0x0A)
                case 0x72: scalars.append(0x0D)
                case 0x74: scalars.append(0x09)
                case 0x75:
                    var code = try readHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else {
                            throw error("unpaired surrogate in \\u escape")
                        }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(code) {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("invalid escape character")
                }
            default:
                if byte < 0x20 { throw error("control character in string; escape it") }
                if byte >= 0x80 { sawNonASCII = true }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    mutating func readArray(pointer: String, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            let childPointer = recordingLines ? pointer + "/" + String(elements.count) : ""
            elements.append(try readValue(pointer: childPointer, depth: depth + 1))
            if !(try continueArrayOrThrow()) { return .array(elements) }
        }
    }

    mutating func readObject(pointer: String, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            return .object([:])
        }
        // Members are collected first and hashed once into a dictionary of the right size: growing the dictionary
        // member by member rehashes it at every doubling, and large Zoho bodies are mostly objects.
        var pairs: [(key: String, value: JSONValue, line: Int, column: Int)] = []
        pairs.reserveCapacity(8)
        let prunes = insideSelection && depth == selection?.depth
        members: while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 else { throw error("expected a quoted key in object") }
            // Settled by the key's bytes when it has no escapes: skipped, or kept without a second look.
            var undecided = prunes
            if prunes, let selection {
                switch try skipUnselectedMember(selection, depth: depth) {
                case .skipped:
                    if !(try continueObjectOrThrow()) { break members }
                    continue members
                case .kept: undecided = false
                case .undecided: break
                }
            }
            let keyLine = line
            let keyColumn = index - lineStart + 1
            let key = try readString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x3A else { throw error("expected ':' after key \"\(key)\"") }
            index += 1
            skipWhitespace()
            let childPointer = recordingLines ? pointer + "/" + JSONPointer.escape(key) : ""
            let valueStart = index
            if undecided, let selection, !selection.fields.contains(key) {
                try skipValue(depth: depth + 1)
                if !(try continueObjectOrThrow()) { break }
                continue
            }
            if depth == 0, let columns, columns.list == key, index < bytes.count, bytes[index] == 0x5B {
                guard rowTable == nil else {
                    throw JSONSyntaxError(line: keyLine, column: keyColumn, reason: "duplicate key \"\(key)\"")
                }
                try readRows(columns, depth: depth + 1)
                if !(try continueObjectOrThrow()) { break }
                continue
            }
            let selects =
                depth == 0 && selection?.key == key && index < bytes.count && bytes[index] == selection?.opener
            if selects { insideSelection = true }
            let value = try readValue(pointer: childPointer, depth: depth + 1)
            if selects { insideSelection = false }
            // A key's problems are best reported on the key's own line.
            if recordingLines { lines[childPointer] = keyLine }
            if recordingMembers, depth == 0 {
                self.members.append(VerbatimJSONObject.Member(key: key, value: valueStart..<index))
            }
            pairs.append((key, value, keyLine, keyColumn))
            if !(try continueObjectOrThrow()) { break }
        }
        var members = [String: JSONValue](minimumCapacity: pairs.count)
        for pair in pairs where members.updateValue(pair.value, forKey: pair.key) != nil {
            throw JSONSyntaxError(line: pair.line, column: pair.column, reason: "duplicate key \"\(pair.key)\"")
        }
        return .object(members)
    }

    /// Reads the list's array into ``rowTable``, one row per element.
    mutating func readRows(_ columns: Columns, depth: Int) throws(JSONSyntaxError) {
        guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
        rowTable = JSONRowTable(fields: columns.fields)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x5D {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x7B {
                try readRow(columns, depth: depth + 1)
            } else {
                try skipValue(depth: depth + 1)
                _ = rowTable!.appendRow()
            }
            if !(try continueArrayOrThrow()) { return }
        }
    }

    /// Reads one row object: the members the columns name are built into the row's slots, the rest checked and
    /// skipped.
    mutating func readRow(_ columns: Columns, depth: Int) throws(JSONSyntaxError) {
        guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
        let slot = rowTable!.appendRow()
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == 0x7D {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x22 else { throw error("expected a quoted key in object") }
            let keyLine = line
            let keyColumn = index - lineStart + 1
            var end = index + 1
            while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 { end += 1 }
            let column: Int?
            let key: String?
            if end < bytes.count, bytes[end] == 0x22 {
                column = columns.column(of: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]))
                key = nil
                index = end + 1
            } else {
                // Escapes (or a character that must be escaped): decoded, and checked, as any string.
                let decoded = try readString()
                column = columns.columnByName[decoded]
                key = decoded
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == 0x3A else { throw error("expected ':' after a key") }
            index += 1
            skipWhitespace()
            if let column {
                let value = try readValue(pointer: "", depth: depth + 1)
                guard rowTable!.set(value, slot: slot + column) else {
                    let name = key ?? columns.fields[column]
                    throw JSONSyntaxError(line: keyLine, column: keyColumn, reason: "duplicate key \"\(name)\"")
                }
            } else {
                try skipValue(depth: depth + 1)
            }
            if !(try continueObjectOrThrow()) { return }
        }
    }

    /// What the bytes of a key inside a pruned object settle.
    enum KeyDecision {
        /// The member was checked and skipped.
        case skipped
        /// The key names a kept field; nothing was consumed.
        case kept
        /// The key has escapes (or is empty), so it must be decoded to tell; nothing was consumed.
        case undecided
    }

    /// At a member's key inside a pruned object: when the key (written without escapes) names no kept field,
    /// checks and skips the whole member without making a string of its key. Otherwise moves nothing, and the
    /// member is read as usual.
    mutating func skipUnselectedMember(_ selection: Selection, depth: Int) throws(JSONSyntaxError) -> KeyDecision {
        var end = index + 1
        while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 { end += 1 }
        guard end < bytes.count, bytes[end] == 0x22, end > index + 1 else { return .undecided }
        guard !selection.keeps(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])) else { return .kept }
        for byte in bytes[(index + 1)..<end] where byte >= 0x80 { sawNonASCII = true }
        index = end + 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == 0x3A else { throw error("expected ':' after a key") }
        index += 1
        skipWhitespace()
        try skipValue(depth: depth + 1)
        return .skipped
    }

    /// After an element: true at a ',' (another element follows), false at the closing ']' (consumed).
    private mutating func continueArrayOrThrow() throws(JSONSyntaxError) -> Bool {
        try continueOrThrow(closing: 0x5D)
    }

    /// After a member: true at a ',' (another member follows), false at the closing '}' (consumed).
    private mutating func continueObjectOrThrow() throws(JSONSyntaxError) -> Bool {
        try continueOrThrow(closing: 0x7D)
    }

    private mutating func continueOrThrow(closing closer: UInt8) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        let (container, bracket) = closer == 0x5D ? ("array", "]") : ("object", "}")
        guard index < bytes.count else { throw error("unterminated \(container), expected ',' or '\(bracket)'") }
        if bytes[index] == 0x2C {
            index += 1
            return true
        }
        if bytes[index] == closer {
            index += 1
            return false
        }
        throw error("expected ',' or '\(bracket)' in \(container)")
    }

    /// Checks one value as JSON without building it, for fields a row selection leaves out. Keys of skipped
    /// objects are not checked for duplicates, since nothing reads them.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case 0x7B:
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x7D {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 0x22 else { throw error("expected a quoted key in object") }
                try skipString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == 0x3A else { throw error("expected ':' after key") }
                index += 1
                skipWhitespace()
                try skipValue(depth: depth + 1)
                if !(try continueObjectOrThrow()) { return }
            }
        case 0x5B:
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == 0x5D {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                if !(try continueArrayOrThrow()) { return }
            }
        case 0x22: try skipString()
        case 0x74: try expectLiteral("true")
        case 0x66: try expectLiteral("false")
        case 0x6E: try expectLiteral("null")
        case 0x2D, 0x30...0x39: _ = try readNumberRange()
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))', expected a value")
        }
    }

    /// Checks a string (escapes and control characters) without decoding it.
    mutating func skipString() throws(JSONSyntaxError) {
        index += 1  // opening quote
        while true {
            index = plainRunEnd(from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            switch byte {
            case 0x22:
                index += 1
                return
            case 0x5C:
                index += 1
                guard index < bytes.count else { throw error("unterminated escape") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: break
                case 0x75: _ = try readHex4()
                default: throw error("invalid escape character")
                }
            default:
                if byte < 0x20 { throw error("control character in string; escape it") }
                if byte >= 0x80 { sawNonASCII = true }
                index += 1
            }
        }
        throw error("unterminated string")
    }
}
