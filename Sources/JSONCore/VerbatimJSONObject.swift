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

/// A JSON object's text as it arrived, with where each top-level member's value sits in it.
///
/// Lets a caller pass members on verbatim (the exact digits and key order included) by copying bytes, instead of
/// walking a parsed tree and writing it out again. The text shares the storage of the bytes it was parsed from, and
/// nothing is checked until a copy is asked for, so callers that never copy (reports reading pages) pay nothing.
public struct VerbatimJSONObject: Sendable, Hashable {
    /// One top-level member: its decoded key and the byte range of its value in ``bytes``.
    public struct Member: Sendable, Hashable {
        /// The member's key, unescaped.
        public var key: String
        /// Where the member's value starts and ends in ``VerbatimJSONObject/bytes``.
        public var value: Range<Int>
    }

    /// The complete text the object was parsed from.
    public let bytes: Data
    /// The top-level members in document order.
    public let members: [Member]
    /// Whether any string held a byte above ASCII (only then can the text hold invalid UTF-8).
    let hasNonASCII: Bool

    init(bytes: Data, members: [Member], hasNonASCII: Bool) {
        self.bytes = bytes
        self.members = members
        self.hasNonASCII = hasNonASCII
    }

    /// The object's text without the members named in `omitted`, as compact JSON: the remaining values are copied
    /// byte for byte; keys are written escaped as JSON requires. Nil when a value to copy holds a raw line break
    /// (the parser admits them only as whitespace between tokens, and a message must stay on one line) or invalid
    /// UTF-8 (string decoding repaired it in the parsed value, and the copy must not differ from that).
    public func text(omitting omitted: Set<String>) -> String? {
        bytes.withUnsafeBytes { raw -> String? in
            let all = raw.bindMemory(to: UInt8.self)
            var writer = JSONWriter(pretty: false)
            writer.bytes.reserveCapacity(all.count + 2)
            writer.bytes.append(UInt8(ascii: "{"))
            var first = true
            for member in members where !omitted.contains(member.key) {
                let value = UnsafeBufferPointer(rebasing: all[member.value])
                guard Self.isSingleLine(value) else { return nil }
                if !first { writer.bytes.append(UInt8(ascii: ",")) }
                first = false
                writer.writeString(member.key)
                writer.bytes.append(UInt8(ascii: ":"))
                writer.bytes.append(contentsOf: value)
            }
            writer.bytes.append(UInt8(ascii: "}"))
            if hasNonASCII {
                return String(validating: writer.bytes, as: UTF8.self)
            }
            return String(decoding: writer.bytes, as: UTF8.self)
        }
    }

    private static func isSingleLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return true }
        return memchr(start, 0x0A, bytes.count) == nil && memchr(start, 0x0D, bytes.count) == nil
    }
}
