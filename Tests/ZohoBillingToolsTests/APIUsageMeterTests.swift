import Foundation
import Logging
import Synchronization
import TestSupport
import Testing
import ZohoBillingTools

@Suite("API usage meter")
struct APIUsageMeterTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let date: Mutex<Date>
        init(_ start: Date) { date = Mutex(start) }
        var now: Date { date.withLock { $0 } }
        func advance(by seconds: TimeInterval) { date.withLock { $0 += seconds } }
    }

    private func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "usage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func meter(_ path: String, clock: ManualClock? = nil, recorder: LogRecorder = LogRecorder())
        -> APIUsageMeter
    {
        let logger = Logger(label: "test") { _ in CapturingLogHandler(recorder: recorder) }
        if let clock {
            return APIUsageMeter(
                path: path, configuredLimits: .standard, logger: logger, now: { clock.now })
        }
        return APIUsageMeter(path: path, configuredLimits: .standard, logger: logger)
    }

    @Test("Two meters on one file add up; a new minute and a new UTC day start their counts afresh")
    func countsAddUpAndRoll() throws {
        let path = try directory() + "/api-usage.json"
        // 2026-12-03 23:58:10 UTC.
        let clock = ManualClock(Date(timeIntervalSince1970: 1_796_342_290))
        let first = meter(path, clock: clock)
        let second = meter(path, clock: clock)
        for _ in 0..<3 { first.record(organizationID: "1") }
        for _ in 0..<2 { second.record(organizationID: "1") }
        second.record(organizationID: "2")
        first.flush()
        var figures = second.snapshot().organizations
        #expect(figures.map(\.organizationID) == ["1", "2"])
        #expect(figures.first?.thisMinute == 5 && figures.first?.today == 5)

        clock.advance(by: 60)
        first.record(organizationID: "1")
        figures = first.snapshot().organizations
        #expect(figures.first { $0.organizationID == "1" }.map { ($0.thisMinute, $0.today) } ?? (0, 0) == (1, 6))
        #expect(figures.first { $0.organizationID == "2" }?.thisMinute == 0)

        clock.advance(by: 120)  // past midnight UTC
        #expect(second.snapshot().organizations.isEmpty, "yesterday's counts are not today's")
        second.record(organizationID: "2")
        second.flush()
        figures = first.snapshot().organizations
        #expect(figures.map(\.organizationID) == ["2"])
        #expect(figures.first?.today == 1)
    }

    @Test("A corrupt file is started afresh with a warning, and counting goes on")
    func corruptFile() throws {
        let path = try directory() + "/api-usage.json"
        try Data("{\"organizations\": [tru".utf8).write(to: URL(fileURLWithPath: path))
        let recorder = LogRecorder()
        let usage = meter(path, recorder: recorder)
        usage.record(organizationID: "7")
        #expect(usage.snapshot().organizations.first?.today == 1)
        #expect(recorder.lines.contains { $0.hasPrefix("warning The API usage file could not be read") })
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect((stored as? [String: Any])?["version"] as? Int == 1)
    }

    @Test("A daily-cap refusal recorded by one meter is seen by another within a quarter second, until it ends")
    func dailyCapIsShared() throws {
        let path = try directory() + "/api-usage.json"
        let clock = ManualClock(Date(timeIntervalSince1970: 1_796_342_290))
        let first = meter(path, clock: clock)
        let second = meter(path, clock: clock)
        #expect(second.dailyCapRefusal(organizationID: "1") == nil)
        let until = clock.now.addingTimeInterval(600)
        first.recordDailyCap(organizationID: "1", until: until)
        // The second meter looked a moment ago, so it looks again only after a quarter second.
        #expect(second.dailyCapRefusal(organizationID: "1") == nil)
        clock.advance(by: 0.3)
        #expect(second.dailyCapRefusal(organizationID: "1") == Date(timeIntervalSince1970: until.timeIntervalSince1970))
        #expect(first.dailyCapRefusal(organizationID: "1") != nil, "a meter's own refusal counts at once")
        #expect(second.dailyCapRefusal(organizationID: "2") == nil)
        #expect(second.snapshot().organizations.first?.dailyCapUntil != nil)
        clock.advance(by: 601)
        #expect(second.dailyCapRefusal(organizationID: "1") == nil)
    }

    @Test("Counting costs well under a microsecond or so per request; a flush well under a millisecond")
    func cost() throws {
        let path = try directory() + "/api-usage.json"
        // A long interval keeps background flushes out of the counting loop.
        let usage = APIUsageMeter(
            path: path, configuredLimits: .standard, flushInterval: .seconds(3600), logger: Logger(label: "test"))
        usage.flush()
        let clock = ContinuousClock()
        let count = 100_000
        var started = clock.now
        for index in 0..<count { usage.record(organizationID: index % 2 == 0 ? "1" : "2") }
        let perRecord = (clock.now - started) / count
        started = clock.now
        let flushes = 200
        for _ in 0..<flushes {
            usage.record(organizationID: "1")
            usage.flush()
        }
        let perFlush = (clock.now - started) / flushes
        let perCheck: Duration = {
            let started = clock.now
            for _ in 0..<10_000 { _ = usage.dailyCapRefusal(organizationID: "1") }
            return (clock.now - started) / 10_000
        }()
        print("API usage meter: record \(perRecord), flush \(perFlush), daily-cap check \(perCheck)")
        #expect(usage.snapshot().organizations.reduce(0) { $0 + $1.today } == count + flushes)
        #expect(perRecord < .microseconds(20))
        #expect(perFlush < .milliseconds(5))
        #expect(perCheck < .microseconds(100))
    }
}
