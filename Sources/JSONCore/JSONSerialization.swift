#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.Data
#else
    public import struct Foundation.Data
#endif

extension JSONValue {
    /// Layout choices for serialization. Keys are always sorted so the same value gives the same bytes.
    public struct WritingOptions: Sendable, Hashable {
        /// Two-space indentation and one member per line, for golden files and people.
        public var pretty: Bool

        /// Creates options; compact unless `pretty`.
        public init(pretty: Bool = false) {
            self.pretty = pretty
        }

        /// Compact single-line output, as the stdio protocol requires.
        public static let compact = WritingOptions()
        /// Indented output.
        public static let pretty = WritingOptions(pretty: true)
    }

    /// The value as JSON text; numbers are written exactly as they were read.
    public func serialized(_ options: WritingOptions = .compact) -> String {
        String(decoding: serializedBytes(options), as: UTF8.self)
    }

    /// The value as UTF-8 JSON bytes.
    public func serializedData(_ options: WritingOptions = .compact) -> Data {
        Data(serializedBytes(options))
    }

    /// The value as UTF-8 JSON bytes, without the copy into a `String`.
    public func serializedBytes(_ options: WritingOptions = .compact) -> [UInt8] {
        var writer = JSONWriter(pretty: options.pretty)
        writer.write(self, indent: 0)
        return writer.bytes
    }
}

extension JSONValue {
    /// A JSON object written from members that are already JSON text, keys sorted as ``serialized(_:)`` sorts
    /// them. Lets a caller splice in a large value it has serialized before instead of writing it again.
    public static func objectText(fromSerializedMembers members: [String: String]) -> String {
        var writer = JSONWriter(pretty: false)
        writer.bytes.append(UInt8(ascii: "{"))
        for (offset, key) in members.keys.sorted().enumerated() {
            if offset > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            writer.writeString(key)
            writer.bytes.append(UInt8(ascii: ":"))
            writer.bytes.append(contentsOf: members[key]!.utf8)
        }
        writer.bytes.append(UInt8(ascii: "}"))
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
