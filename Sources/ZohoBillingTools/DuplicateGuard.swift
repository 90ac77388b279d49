package import AuditLog
#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif
import JSONCore

/// Refuses a money-moving write identical to one that succeeded (or may have) in the same organization within a
/// window, across processes. Zoho has no idempotency keys and agents retry, so this is the only place a repeated
/// `record_payment` can be caught before it is sent.
///
/// A write is reserved in the state file before it is sent and settled afterwards: `ok` with the id Zoho gave,
/// `unknown` when the connection failed after sending, removed when Zoho refused it. A reservation that is never
/// settled (the process died mid-call) counts as unknown.
package struct DuplicateGuard: Sendable {
    /// An earlier identical call that blocks this one.
    package struct Earlier: Sendable, Hashable {
        package enum State: String, Sendable, Hashable {
            case succeeded = "ok"
            case unknown
            case inFlight = "pending"
        }

        package var state: State
        package var executionID: String
        package var resultID: String?
        package var time: Date
    }

    package var journal: StateJournal
    package var window: TimeInterval
    package var now: @Sendable () -> Date

    package init(directory: String, window: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.journal = StateJournal(path: directory + "/recent-writes.jsonl")
        self.window = window
        self.now = now
    }

    /// The earlier identical call within the window, if any; changes nothing.
    package func earlier(_ binding: CallBinding) throws -> Earlier? {
        let current = now()
        return try journal.update { entries in
            prune(&entries, at: current)
            return find(binding, in: entries)
        }
    }

    /// Records that the call is about to be sent, unless an identical one blocks it (when `checking`).
    /// - Returns: the blocking call, or nil when the reservation was made.
    package func reserve(_ binding: CallBinding, executionID: String, checking: Bool = true) throws -> Earlier? {
        let current = now()
        return try journal.update { entries in
            prune(&entries, at: current)
            if checking, let earlier = find(binding, in: entries) { return earlier }
            entries.append([
                "binding": .string(binding.digest), "tool": .string(binding.tool),
                "organization_id": .string(binding.organizationID), "execution_id": .string(executionID),
                "state": .string(Earlier.State.inFlight.rawValue),
                "time": .number(JSONNumber(current.timeIntervalSince1970)!),
            ])
            return nil
        }
    }

    /// Settles a reservation: succeeded (with the record's id), unknown, or refused by Zoho (forgotten).
    package func settle(executionID: String, state: Earlier.State?, resultID: String?) throws {
        let current = now()
        try journal.update { entries in
            prune(&entries, at: current)
            guard let index = entries.firstIndex(where: { $0["execution_id"]?.stringValue == executionID }) else {
                return
            }
            guard let state, var entry = entries[index].objectValue else {
                entries.remove(at: index)
                return
            }
            entry["state"] = .string(state.rawValue)
            // The window runs from when the outcome became known.
            entry["time"] = .number(JSONNumber(current.timeIntervalSince1970)!)
            if let resultID { entry["result_id"] = .string(resultID) }
            entries[index] = .object(entry)
        }
    }

    private func find(_ binding: CallBinding, in entries: [JSONValue]) -> Earlier? {
        guard
            let entry = entries.last(where: {
                $0["binding"]?.stringValue == binding.digest && $0["tool"]?.stringValue == binding.tool
            })
        else { return nil }
        return Earlier(
            state: Earlier.State(rawValue: entry["state"]?.stringValue ?? "") ?? .unknown,
            executionID: entry["execution_id"]?.stringValue ?? "?",
            resultID: entry["result_id"]?.stringValue,
            time: Date(timeIntervalSince1970: entry["time"]?.numberValue?.doubleValue ?? 0))
    }

    private func prune(_ entries: inout [JSONValue], at time: Date) {
        let horizon = time.timeIntervalSince1970 - window
        entries.removeAll { ($0["time"]?.numberValue?.doubleValue ?? 0) < horizon }
    }
}
