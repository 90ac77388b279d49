/// A JSON object's text as it arrived, with where each top-level member's value sits in it.
///
/// Lets a caller pass members on verbatim (the exact digits and key order included) by copying bytes, instead of
/// walking a parsed tree and writing it out again. Only created for text that is valid UTF-8 and holds no raw line
/// break, so any member copied from it can go into a single-line message as it is.
public struct VerbatimJSONObject: Sendable, Hashable {
    /// One top-level member: its decoded key and the byte range of its value in ``bytes``.
    public struct Member: Sendable, Hashable {
        /// The member's key, unescaped.
        public var key: String
        /// Where the member's value starts and ends in ``VerbatimJSONObject/bytes``.
        public var value: Range<Int>
    }

    /// The complete text the object was parsed from.
    public let bytes: [UInt8]
    /// The top-level members in document order.
    public let members: [Member]

    init(bytes: [UInt8], members: [Member]) {
        self.bytes = bytes
        self.members = members
    }

    /// The object's text without the members named in `omitted`, as compact JSON: the remaining values are copied
    /// byte for byte; keys are written escaped as JSON requires.
    public func text(omitting omitted: Set<String>) -> String {
        var writer = JSONWriter(pretty: false)
        writer.bytes.reserveCapacity(bytes.count + 2)
        writer.bytes.append(UInt8(ascii: "{"))
        var first = true
        for member in members where !omitted.contains(member.key) {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
            writer.writeString(member.key)
            writer.bytes.append(UInt8(ascii: ":"))
            writer.bytes.append(contentsOf: bytes[member.value])
        }
        writer.bytes.append(UInt8(ascii: "}"))
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Whether text can be copied into a single-line message: no raw CR or LF (the parser admits them only as
    /// whitespace between tokens) and, when it holds bytes above ASCII, valid UTF-8 (string decoding would have
    /// repaired bad bytes in the parsed value, and a verbatim copy must not differ from it).
    static func isSingleLine(_ buffer: UnsafeBufferPointer<UInt8>, hasNonASCII: Bool) -> Bool {
        guard !buffer.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return false }
        guard hasNonASCII else { return true }
        var decoder = Unicode.UTF8.ForwardParser()
        var iterator = buffer.makeIterator()
        while true {
            switch decoder.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
