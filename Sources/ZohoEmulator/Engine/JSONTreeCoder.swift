public import JSONCore

/// Turns `Codable` values into ``JSONValue`` trees and back, so the emulator's state can be written with JSONCore's
/// fast serializer and read with its parser. A `JSONValue` inside the value passes through as it is, which is what
/// makes saving thousands of stored rows cheap.
enum JSONTreeCoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let node = EncodingNode()
        try encode(value, into: node, path: [])
        return node.resolved()
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from tree: JSONValue) throws -> Value {
        try decode(type, from: tree, path: [])
    }

    fileprivate static func encode(_ value: some Encodable, into node: EncodingNode, path: [any CodingKey]) throws {
        switch value {
        case let json as JSONValue: node.value = json
        case let text as String: node.value = .string(text)
        case let flag as Bool: node.value = .bool(flag)
        case let number as Int: node.value = .number(JSONNumber(number))
        case let number as Int64: node.value = .number(JSONNumber(text: String(number)) ?? JSONNumber(0))
        default: try value.encode(to: TreeEncoder(node: node, codingPath: path))
        }
    }

    fileprivate static func decode<Value: Decodable>(_ type: Value.Type, from tree: JSONValue, path: [any CodingKey])
        throws -> Value
    {
        func mismatch(_ expected: String) -> DecodingError {
            .typeMismatch(
                type, .init(codingPath: path, debugDescription: "Expected \(expected), found \(tree.typeName)."))
        }
        if type == JSONValue.self, let tree = tree as? Value { return tree }
        if type == String.self {
            guard case .string(let text) = tree, let text = text as? Value else { throw mismatch("a string") }
            return text
        }
        if type == Bool.self {
            guard case .bool(let flag) = tree, let flag = flag as? Value else { throw mismatch("a Boolean") }
            return flag
        }
        if type == Int.self {
            guard case .number(let number) = tree, let value = Int(number.text) as? Value else {
                throw mismatch("a whole number")
            }
            return value
        }
        if type == Int64.self {
            guard case .number(let number) = tree, let value = Int64(number.text) as? Value else {
                throw mismatch("a whole number")
            }
            return value
        }
        return try Value(from: TreeDecoder(tree: tree, codingPath: path))
    }
}

extension JSONValue: Codable {
    /// Any other coder sees plain JSON: a JSONValue is whatever its case holds.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let number):
            var container = encoder.singleValueContainer()
            if let whole = Int(number.text) {
                try container.encode(whole)
            } else {
                try container.encode(number.doubleValue)
            }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: TreeKey.self)
            for (key, member) in members { try container.encode(member, forKey: TreeKey(key)) }
        }
    }

    /// Reads whatever JSON the decoder holds: an object, an array, or a single value.
    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: TreeKey.self) {
            var members: [String: JSONValue] = [:]
            for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(members)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let flag = try? single.decode(Bool.self) {
                self = .bool(flag)
            } else if let whole = try? single.decode(Int.self) {
                self = .number(JSONNumber(whole))
            } else if let number = try? single.decode(Double.self), let json = JSONNumber(number) {
                self = .number(json)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }
}

/// Any string as a coding key.
struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue) }
}

// MARK: - Encoding

/// One value being built: a leaf, or an object or array whose members are still being filled in.
private final class EncodingNode {
    var value: JSONValue = .null
    var members: [String: EncodingNode]?
    var elements: [EncodingNode]?

    func resolved() -> JSONValue {
        if let members { return .object(members.mapValues { $0.resolved() }) }
        if let elements { return .array(elements.map { $0.resolved() }) }
        return value
    }
}

private struct TreeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [:] }
        return KeyedEncodingContainer(KeyedTreeEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedTreeEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeEncoder(node: node, codingPath: codingPath)
    }
}

private struct KeyedTreeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> EncodingNode {
        let child = EncodingNode()
        node.members?[key.stringValue] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try JSONTreeCoder.encode(value, into: child(key), path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: child(Key(stringValue: "super")!), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedTreeEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.elements?.count ?? 0 }

    private func next() -> EncodingNode {
        let child = EncodingNode()
        node.elements?.append(child)
        return child
    }

    mutating func encodeNil() throws { next().value = .null }

    mutating func encode(_ value: some Encodable) throws {
        try JSONTreeCoder.encode(value, into: next(), path: codingPath + [TreeKey(String(count))])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(node: next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node: next(), codingPath: codingPath) }
}

private struct SingleTreeEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = .null }

    mutating func encode(_ value: some Encodable) throws {
        try JSONTreeCoder.encode(value, into: node, path: codingPath)
    }
}

// MARK: - Decoding

private struct TreeDecoder: Decoder {
    let tree: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = tree else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self,
                .init(codingPath: codingPath, debugDescription: "Expected an object, found \(tree.typeName)."))
        }
        return KeyedDecodingContainer(KeyedTreeDecoder<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = tree else {
            throw DecodingError.typeMismatch(
                [JSONValue].self,
                .init(codingPath: codingPath, debugDescription: "Expected an array, found \(tree.typeName)."))
        }
        return UnkeyedTreeDecoder(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleTreeDecoder(tree: tree, codingPath: codingPath)
    }
}

private struct KeyedTreeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let member = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for \(key.stringValue)."))
        }
        return member
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try JSONTreeCoder.decode(type, from: try member(key), path: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(tree: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(tree: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(tree: members["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(tree: try member(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedTreeDecoder: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    private mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self, .init(codingPath: codingPath, debugDescription: "The array has no more elements."))
        }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let path = codingPath + [TreeKey(String(currentIndex))]
        return try JSONTreeCoder.decode(type, from: try next(), path: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(tree: try next(), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(tree: try next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { TreeDecoder(tree: try next(), codingPath: codingPath) }
}

private struct SingleTreeDecoder: SingleValueDecodingContainer {
    let tree: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { tree == .null }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONTreeCoder.decode(type, from: tree, path: codingPath)
    }
}
