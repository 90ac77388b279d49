package import AuditLog
#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif
import JSONCore
package import Logging
import Synchronization

/// Counts the requests sent to Zoho per organization in the current minute and the current UTC day, across every
/// process of this user on the machine, in a small state file (`api-usage.json` beside the safety checks' files).
/// It also shares a daily-cap refusal (Zoho code 45), so that every process stops sending until the reset.
///
/// A request costs a lock-protected increment in memory; the counts reach the file at most once per
/// ``flushInterval`` (from a background task), on exit, and whenever someone asks for the figures. The file is
/// updated under a lock and replaced by rename; contents that do not parse are started afresh with a warning.
/// Counts of a process killed before its next flush are lost, which makes the figures a lower bound.
package final class APIUsageMeter: Sendable {
    /// One organization's figures. `organizationID` is empty for requests made before an organization is known
    /// (listing the organizations).
    package struct Organization: Sendable, Hashable {
        package var organizationID: String
        package var thisMinute: Int
        package var today: Int
        /// Until when a daily-cap refusal (Zoho code 45) is in force, if one is.
        package var dailyCapUntil: Date?
    }

    /// The figures at one moment, read from the shared file with this process's pending counts included.
    package struct Snapshot: Sendable {
        package var organizations: [Organization]
        package var taken: Date
    }

    private struct Key: Hashable {
        var organizationID: String
        var minute: Int
    }

    private struct State {
        var pending: [Key: Int] = [:]
        var flushScheduled = false
        var lastFlush: ContinuousClock.Instant?
        var caps: [String: Date] = [:]
        /// The file version ``caps`` was read from; nil before the first read.
        var capsStamp: SharedStateFile.Stamp??
        /// When the file was last compared with ``capsStamp``.
        var capsCheckedAt: Date?
        var warnedWriteFailure = false
    }

    package let file: SharedStateFile
    /// The limits this process was configured with (`ZOHO_MCP_RATE_LIMIT`), reported beside the counts.
    package let configuredLimits: RequestLimiter.Configuration
    /// False for the sandbox, which counts but does not hold requests back.
    package let limitsEnforced: Bool
    package let flushInterval: Duration
    /// How long a look at the file for other processes' daily-cap refusals holds, in seconds.
    static let refusalRecheckInterval: TimeInterval = 0.25
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let clock = ContinuousClock()
    private let state = Mutex(State())
    /// Held for a whole flush, so that a flush on exit waits for one a background task has started.
    private let flushGate = Mutex(())

    package init(
        path: String, configuredLimits: RequestLimiter.Configuration, limitsEnforced: Bool = true,
        flushInterval: Duration = .milliseconds(250), logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.file = SharedStateFile(path: path)
        self.configuredLimits = configuredLimits
        self.limitsEnforced = limitsEnforced
        self.flushInterval = flushInterval
        self.logger = logger
        self.now = now
    }

    /// The usage file in a state directory; the sandbox keeps its own, so its made-up traffic never mixes with
    /// an account's.
    package static func path(stateDirectory: String, sandbox: Bool) -> String {
        stateDirectory + (sandbox ? "/api-usage-sandbox.json" : "/api-usage.json")
    }

    // MARK: - Counting

    /// Counts one request for the organization (empty for none). Never touches the file itself.
    package func record(organizationID: String) {
        let minute = APIUsageMeter.minute(of: now())
        let delay: Duration? = state.withLock { state in
            state.pending[Key(organizationID: organizationID, minute: minute), default: 0] += 1
            guard !state.flushScheduled else { return nil }
            state.flushScheduled = true
            guard let last = state.lastFlush else { return .zero }
            return max(.zero, flushInterval - (clock.now - last))
        }
        guard let delay else { return }
        Task.detached { [self] in
            if delay > .zero { try? await Task.sleep(for: delay) }
            flush()
        }
    }

    /// Writes the counts not yet in the file. Cheap when there are none; call it before the process exits.
    package func flush() {
        _ = synchronize(readBack: false)
    }

    /// Records that Zoho refused the organization's requests for the day, until `date`, for every process.
    package func recordDailyCap(organizationID: String, until date: Date) {
        state.withLock { $0.caps[organizationID] = max($0.caps[organizationID] ?? date, date) }
        _ = synchronize(readBack: false, cap: (organizationID, date))
    }

    /// The end of a daily-cap refusal in force for the organization, whichever process recorded it.
    ///
    /// The file is looked at (one `stat`, and a read when it changed) at most every
    /// ``refusalRecheckInterval``: this runs before every request, and another process's refusal is no less
    /// final for being seen a quarter second later. This process's own refusals count at once.
    package func dailyCapRefusal(organizationID: String) -> Date? {
        let checked = now()
        let until: Date?
        if let known = knownRefusal(organizationID: organizationID, at: checked) {
            until = known
        } else {
            // Unlocked read: writers rename whole versions into place. A corrupt file means no known refusal
            // here; the next flush starts it afresh and says so.
            let read = try? file.read()
            var caps: [String: Date] = [:]
            if case .object(let root)? = read?.contents {
                for (id, entry) in root["organizations"]?.objectValue ?? [:] {
                    if let until = UsageEntry(entry).dailyCapUntil { caps[id] = until }
                }
            }
            until = state.withLock { state in
                // Refusals this process recorded stay known even if the file lost them.
                for (id, date) in state.caps { caps[id] = max(caps[id] ?? date, date) }
                state.caps = caps
                state.capsStamp = .some(read?.stamp)
                state.capsCheckedAt = checked
                return caps[organizationID]
            }
        }
        guard let until, until > checked else { return nil }
        return until
    }

    /// The refusal known without reading the file (nil inside when there is none), or nil when the file must be
    /// read: it was looked at less than ``refusalRecheckInterval`` ago, or its stamp shows it unchanged.
    private func knownRefusal(organizationID: String, at checked: Date) -> Date?? {
        let recent: Date?? = state.withLock { state in
            guard let last = state.capsCheckedAt, checked >= last,
                checked.timeIntervalSince(last) < Self.refusalRecheckInterval
            else { return nil }
            return .some(state.caps[organizationID])
        }
        if let recent { return recent }
        let current = file.stamp()
        return state.withLock { state in
            guard let read = state.capsStamp, read == current else { return nil }
            state.capsCheckedAt = checked
            return .some(state.caps[organizationID])
        }
    }

    // MARK: - Reading

    /// The figures of every organization with requests today or a refusal in force, this process's unwritten
    /// counts included.
    package func snapshot() -> Snapshot {
        let taken = now()
        let root = synchronize(readBack: true) ?? [:]
        let minute = APIUsageMeter.minute(of: taken)
        let day = APIUsageMeter.day(ofMinute: minute)
        var organizations: [Organization] = []
        for (id, value) in root["organizations"]?.objectValue ?? [:] {
            let entry = UsageEntry(value)
            let cap = entry.dailyCapUntil.flatMap { $0 > taken ? $0 : nil }
            let today = entry.day == day ? entry.today : 0
            guard today > 0 || cap != nil else { continue }
            organizations.append(
                Organization(
                    organizationID: id, thisMinute: entry.minute == minute ? entry.thisMinute : 0, today: today,
                    dailyCapUntil: cap))
        }
        organizations.sort { ($0.today, $1.organizationID) > ($1.today, $0.organizationID) }
        return Snapshot(organizations: organizations, taken: taken)
    }

    // MARK: - The file

    /// Merges the pending counts (and a refusal) into the file under its lock; returns the file's object when
    /// `readBack` asks for it. A write that fails puts the counts back for the next attempt.
    private func synchronize(readBack: Bool, cap: (String, Date)? = nil) -> [String: JSONValue]? {
        flushGate.withLock { _ in
            let taken = state.withLock { state in
                let pending = state.pending
                state.pending = [:]
                state.flushScheduled = false
                state.lastFlush = clock.now
                return pending
            }
            if taken.isEmpty, cap == nil, !readBack { return nil }
            let today = APIUsageMeter.day(ofMinute: APIUsageMeter.minute(of: now()))
            let current = now()
            do {
                let (root, stamp) = try file.update {
                    contents -> (write: [String: JSONValue]?, result: [String: JSONValue]) in
                    var organizations: [String: JSONValue] = [:]
                    var reset = false
                    switch contents {
                    case .missing: break
                    case .object(let object): organizations = object["organizations"]?.objectValue ?? [:]
                    case .corrupt(let reason):
                        reset = true
                        logger.warning(
                            "The API usage file could not be read; its counts start afresh",
                            metadata: ["path": "\(file.path)", "reason": "\(reason)"])
                    }
                    let before = organizations
                    for (key, count) in taken {
                        var entry = UsageEntry(organizations[key.organizationID] ?? .null)
                        entry.add(count, minute: key.minute)
                        organizations[key.organizationID] = entry.json
                    }
                    if let (id, date) = cap {
                        var entry = UsageEntry(organizations[id] ?? .null)
                        entry.dailyCapUntil = max(entry.dailyCapUntil ?? date, date)
                        organizations[id] = entry.json
                    }
                    // Kept small: yesterday's organizations go, unless a refusal still holds.
                    organizations = organizations.filter { _, value in
                        let entry = UsageEntry(value)
                        return entry.day >= today || (entry.dailyCapUntil.map { $0 > current } ?? false)
                    }
                    let root: [String: JSONValue] = ["version": .int(1), "organizations": .object(organizations)]
                    let changed = reset || organizations != before
                    return (changed ? root : nil, root)
                }
                state.withLock { state in
                    var caps: [String: Date] = [:]
                    for (id, value) in root["organizations"]?.objectValue ?? [:] {
                        if let until = UsageEntry(value).dailyCapUntil { caps[id] = until }
                    }
                    for (id, date) in state.caps { caps[id] = max(caps[id] ?? date, date) }
                    state.caps = caps
                    state.capsStamp = .some(stamp)
                }
                return readBack ? root : nil
            } catch {
                let warn = state.withLock { state in
                    for (key, count) in taken { state.pending[key, default: 0] += count }
                    defer { state.warnedWriteFailure = true }
                    return !state.warnedWriteFailure
                }
                if warn {
                    logger.warning(
                        "Could not update the API usage file; the counts stay in memory for now",
                        metadata: ["path": "\(file.path)", "error": "\(error)"])
                }
                return nil
            }
        }
    }

    /// Minutes since 1970, UTC.
    static func minute(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 60).rounded(.down))
    }

    /// Days since 1970 (UTC) of a minute since 1970.
    static func day(ofMinute minute: Int) -> Int {
        minute >= 0 ? minute / 1440 : (minute - 1439) / 1440
    }
}

/// One organization's member of the usage file:
/// `{"minute": m, "minute_requests": n, "day": d, "day_requests": n, "daily_cap_until": seconds}`, with minutes
/// and days counted from 1970 in UTC. Members of the wrong type read as absent.
private struct UsageEntry {
    var minute = Int.min
    var thisMinute = 0
    var day = Int.min
    var today = 0
    var dailyCapUntil: Date?

    init(_ value: JSONValue) {
        func int(_ key: String) -> Int? { value[key]?.numberValue?.intValue }
        if let minute = int("minute"), let count = int("minute_requests"), count >= 0 {
            self.minute = minute
            self.thisMinute = count
        }
        if let day = int("day"), let count = int("day_requests"), count >= 0 {
            self.day = day
            self.today = count
        }
        if let seconds = value["daily_cap_until"]?.numberValue?.doubleValue, seconds.isFinite {
            dailyCapUntil = Date(timeIntervalSince1970: seconds)
        }
    }

    /// Adds requests made in `minute`; counts for a minute or day older than the recorded one touch only what
    /// they still belong to.
    mutating func add(_ count: Int, minute requestMinute: Int) {
        if requestMinute > minute {
            minute = requestMinute
            thisMinute = count
        } else if requestMinute == minute {
            thisMinute += count
        }
        let requestDay = APIUsageMeter.day(ofMinute: requestMinute)
        if requestDay > day {
            day = requestDay
            today = count
        } else if requestDay == day {
            today += count
        }
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [:]
        if minute != Int.min {
            object["minute"] = .int(minute)
            object["minute_requests"] = .int(thisMinute)
        }
        if day != Int.min {
            object["day"] = .int(day)
            object["day_requests"] = .int(today)
        }
        if let dailyCapUntil { object["daily_cap_until"] = .int(Int(dailyCapUntil.timeIntervalSince1970.rounded(.up))) }
        return .object(object)
    }
}
