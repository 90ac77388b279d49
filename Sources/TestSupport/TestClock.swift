public import Foundation
import Synchronization

/// A settable clock, for code that takes the current time as an injected `now:` closure.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    /// Creates a clock that reads `start` until it is advanced.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        current = Mutex(start)
    }

    /// The time the clock reads now.
    public var date: Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    /// A closure that reads this clock, to pass as `now:`.
    public var now: @Sendable () -> Date { { self.date } }
}
