import JSONCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Remembers what a 2026-07-28 `input_required` result asked, so that the retry's answers are accepted only for
/// the same request.
///
/// The `requestState` the client echoes is a random handle into this table rather than the data itself, so a
/// client cannot forge or alter it, and each handle works once: a confirmation cannot be replayed. Each entry is
/// bound to the method and exact parameters of the request that produced it, and expires.
final class RequestStateStore: Sendable {
    private struct Entry {
        var fingerprint: String
        var answers: [String: JSONValue]
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex([String: Entry]())
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(300), capacity: Int = 1024) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Stores the answers gathered so far and returns the handle to send as `requestState`.
    func issue(fingerprint: String, answers: [String: JSONValue]) -> String {
        let handle = "rs-" + UUID().uuidString.lowercased()
        let now = ContinuousClock.now
        entries.withLock { entries in
            entries = entries.filter { $0.value.expires > now }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                entries.removeValue(forKey: oldest.key)
            }
            entries[handle] = Entry(fingerprint: fingerprint, answers: answers, expires: now + lifetime)
        }
        return handle
    }

    /// The answers stored under `handle`, removing it; nil when unknown, expired, used, or issued for another
    /// request.
    func redeem(_ handle: String, fingerprint: String) -> [String: JSONValue]? {
        entries.withLock { entries in
            guard let entry = entries.removeValue(forKey: handle), entry.expires > ContinuousClock.now,
                entry.fingerprint == fingerprint
            else { return nil }
            return entry.answers
        }
    }
}
