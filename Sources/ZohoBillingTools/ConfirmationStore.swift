package import AuditLog
import PlatformSupport
#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif
import JSONCore

/// Confirmation tokens, shared by every process of this user through a state file, so that a preview from one
/// `call` can be confirmed by the next. The file keeps digests of tokens and arguments, never the token itself.
package struct ConfirmationStore: Sendable {
    /// Why a token was not accepted.
    package enum Rejection: Sendable, Hashable {
        case unknown
        case used(at: Date)
        case expired(at: Date)
        case otherTool(String)
        case changedArguments
    }

    package var journal: StateJournal
    package var lifetime: TimeInterval
    package var now: @Sendable () -> Date

    /// Used and expired entries are kept this long so that a late retry hears why its token is refused.
    private static let memory: TimeInterval = 24 * 60 * 60

    package init(directory: String, lifetime: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.journal = StateJournal(path: directory + "/confirmations.jsonl")
        self.lifetime = lifetime
        self.now = now
    }

    /// Issues a single-use token bound to the call.
    /// - Returns: the token and when it expires.
    package func issue(for binding: CallBinding) throws -> (token: String, expires: Date) {
        let token = "zc_" + ConfirmationStore.randomHex(bytes: 16)
        let issued = now()
        let expires = issued.addingTimeInterval(lifetime)
        try journal.update { entries in
            prune(&entries, at: issued)
            entries.append([
                "token": .string(SHA256.hex(token)), "tool": .string(binding.tool),
                "organization_id": .string(binding.organizationID), "binding": .string(binding.digest),
                "expires": .number(JSONNumber(expires.timeIntervalSince1970)!),
            ])
        }
        return (token, expires)
    }

    /// Accepts the token for this call and marks it used, or says why it cannot be accepted (and leaves it as it
    /// was, so that a mistaken retry does not burn a valid token).
    package func redeem(_ token: String, for binding: CallBinding) throws -> Rejection? {
        let digest = SHA256.hex(token)
        let current = now()
        return try journal.update { entries -> Rejection? in
            prune(&entries, at: current)
            guard let index = entries.firstIndex(where: { $0["token"]?.stringValue == digest }) else {
                return .unknown
            }
            let entry = entries[index]
            if let used = entry["used"]?.numberValue?.doubleValue {
                return .used(at: Date(timeIntervalSince1970: used))
            }
            let expires = Date(timeIntervalSince1970: entry["expires"]?.numberValue?.doubleValue ?? 0)
            if current >= expires { return .expired(at: expires) }
            if let tool = entry["tool"]?.stringValue, tool != binding.tool { return .otherTool(tool) }
            guard entry["binding"]?.stringValue == binding.digest else { return .changedArguments }
            var updated = entry.objectValue ?? [:]
            updated["used"] = .number(JSONNumber(current.timeIntervalSince1970)!)
            entries[index] = .object(updated)
            return nil
        }
    }

    private func prune(_ entries: inout [JSONValue], at time: Date) {
        let horizon = time.timeIntervalSince1970 - ConfirmationStore.memory
        entries.removeAll { ($0["expires"]?.numberValue?.doubleValue ?? 0) < horizon }
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
