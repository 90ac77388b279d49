#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import JSONCore
import Synchronization

/// Why a saved emulator state could not be restored.
public struct EmulatorStateError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the saved state, as a clause that follows "cannot be used:".
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The document a saved state is: a marker, a version and every organization's data.
struct EmulatorSnapshot: Codable {
    static let format = "zoho-billing-mcp emulator state"
    static let version = 1

    var format: String
    var version: Int
    var organizations: [OrganizationData]
}

extension Table: Codable {
    /// Rows keyed by id plus their order, written as one JSON value so that saving stays cheap.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        let rows = order.map { id in (id, JSONValue.object(self[id] ?? [:])) }
        try container.encode(
            JSONValue.object([
                "order": .array(order.map(JSONValue.string)),
                "rows": .object(Dictionary(rows, uniquingKeysWith: { first, _ in first })),
            ]))
    }

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(JSONValue.self)
        guard let order = value["order"]?.arrayValue, let rows = value["rows"]?.objectValue else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "A table needs `order` and `rows`."))
        }
        self.init()
        for id in order {
            guard let id = id.stringValue, let row = rows[id]?.objectValue else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "Table row \(id) is missing."))
            }
            self[id] = row
        }
    }
}

extension EmulatorState {
    /// Every organization's data as a JSON document.
    static func snapshot(of organizations: [String: OrganizationData]) throws -> Data {
        let ordered = organizations.keys.sorted().compactMap { organizations[$0] }
        let document = EmulatorSnapshot(
            format: EmulatorSnapshot.format, version: EmulatorSnapshot.version, organizations: ordered)
        return try JSONTreeCoder.encode(document).serializedData()
    }

    /// Reads a snapshot written by ``snapshot(of:)``.
    static func readSnapshot(_ data: Data) throws(EmulatorStateError) -> EmulatorSnapshot {
        let tree: JSONValue
        do {
            tree = try JSONParser.parse(data)
        } catch {
            throw EmulatorStateError("it is not valid JSON (\(error))")
        }
        guard tree["format"]?.stringValue == EmulatorSnapshot.format else {
            throw EmulatorStateError("it is not an emulator state file (no \"format\": \"\(EmulatorSnapshot.format)\")")
        }
        guard tree["version"] == .number(JSONNumber(EmulatorSnapshot.version)) else {
            throw EmulatorStateError(
                "it was written in version \(tree["version"]?.numberValue?.text ?? "?") of the format; this build reads "
                    + "version \(EmulatorSnapshot.version)")
        }
        do {
            return try JSONTreeCoder.decode(EmulatorSnapshot.self, from: tree)
        } catch let error as DecodingError {
            throw EmulatorStateError("its data is damaged (\(Self.describe(error)))")
        } catch {
            throw EmulatorStateError("its data is damaged (\(error))")
        }
    }

    /// A decoding error in a sentence: what was wrong and where.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? context.debugDescription : "\(keys): \(context.debugDescription)"
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return path(context)
        case .keyNotFound(let key, let context):
            return path(.init(codingPath: context.codingPath + [key], debugDescription: "missing"))
        @unknown default:
            return "\(error)"
        }
    }
}

extension ZohoEmulator {
    /// Every organization's data (customers, invoices, every other table, id and number counters) as a JSON
    /// document that ``restoreState(from:)`` reads back. Tokens, recorded requests and queued faults are not
    /// part of it.
    public func stateSnapshot() throws -> Data {
        // Copying out under the lock is cheap (copy-on-write); encoding happens outside it.
        let organizations = state.withLock { $0.organizations }
        return try EmulatorState.snapshot(of: organizations)
    }

    /// Replaces the data of each organization the snapshot holds and this emulator serves; organizations the
    /// snapshot does not hold keep their seed. When the snapshot cannot be read nothing changes.
    public func restoreState(from data: Data) throws(EmulatorStateError) {
        let snapshot = try EmulatorState.readSnapshot(data)
        let served = Set(configuration.organizations.map(\.id))
        guard snapshot.organizations.contains(where: { served.contains($0.info.id) }) else {
            throw EmulatorStateError(
                "it holds none of the organizations served here (" + served.sorted().joined(separator: ", ") + ")")
        }
        state.withLock { state in
            for organization in snapshot.organizations where state.organizations[organization.info.id] != nil {
                state.organizations[organization.info.id] = organization
            }
        }
    }
}
