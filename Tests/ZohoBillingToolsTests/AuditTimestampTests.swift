import Foundation
import Testing

@testable import ZohoBillingTools

/// The audit log's timestamps, written by hand for speed, must match Foundation's ISO 8601 format exactly.
@Suite struct AuditTimestampTests {
    @Test("Hand-written timestamps match Foundation's ISO 8601 with milliseconds, across centuries and leap days")
    func matchesFoundation() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        var seconds: [Double] = [
            0, 0.001, 59.999, 951_782_400, 951_868_799.5, 1_795_000_000.123, 4_107_542_400, 253_402_300_799.999,
            -1, -86_400.25, 1_709_164_800,
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            seconds.append(Double(state % 7_000_000_000_000) / 1000)
        }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(AuditRecord.timestamp(date) == date.formatted(style), "\(value)")
        }
    }
}
