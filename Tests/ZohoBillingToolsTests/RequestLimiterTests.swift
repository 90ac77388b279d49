import Foundation
import Testing
import ZohoBillingTools

@Suite("Request limiter")
struct RequestLimiterTests {
    @Test("The bucket lets a minute's worth through at once, then one request per interval")
    func tokenBucket() async throws {
        let limiter = RequestLimiter(configuration: .init(requestsPerMinute: 600, maximumConcurrent: nil))
        let started = ContinuousClock.now
        for _ in 0..<600 {
            try await limiter.acquire("1")
            limiter.release("1")
        }
        #expect(ContinuousClock.now - started < .milliseconds(500), "a full bucket does not wait")
        let beforeNext = ContinuousClock.now
        for _ in 0..<3 {
            try await limiter.acquire("1")
            limiter.release("1")
        }
        // 600 a minute is one every 100 ms once the bucket is empty.
        #expect(ContinuousClock.now - beforeNext >= .milliseconds(250))
        // Another organization has a bucket of its own.
        let other = ContinuousClock.now
        try await limiter.acquire("2")
        #expect(ContinuousClock.now - other < .milliseconds(50))
    }

    @Test("No more than the cap run at once; a release lets the longest waiter in")
    func concurrencyCap() async throws {
        let limiter = RequestLimiter(configuration: .init(requestsPerMinute: nil, maximumConcurrent: 2))
        try await limiter.acquire("1")
        try await limiter.acquire("1")
        let order = Arrivals()
        let first = Task {
            try await limiter.acquire("1")
            await order.append(1)
        }
        try await Task.sleep(for: .milliseconds(50))
        let second = Task {
            try await limiter.acquire("1")
            await order.append(2)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await order.values.isEmpty, "both wait while two are in flight")
        limiter.release("1")
        try await first.value
        try await Task.sleep(for: .milliseconds(50))
        #expect(await order.values == [1])
        limiter.release("1")
        try await second.value
        #expect(await order.values == [1, 2])
    }

    @Test("A cancelled waiter leaves at once and does not take a slot")
    func cancelledWaiter() async throws {
        let limiter = RequestLimiter(configuration: .init(requestsPerMinute: nil, maximumConcurrent: 1))
        try await limiter.acquire("1")
        let waiter = Task { try await limiter.acquire("1") }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        limiter.release("1")
        // The slot is free again: the cancelled waiter did not keep it.
        try await limiter.acquire("1")
    }

    @Test("A spent daily quota refuses requests until its reset")
    func dailyQuota() async throws {
        let limiter = RequestLimiter(configuration: .standard)
        limiter.refuseUntil(Date().addingTimeInterval(3600), organizationID: "1")
        await #expect(throws: RequestLimiter.QuotaExhausted.self) { try await limiter.acquire("1") }
        try await limiter.acquire("2")
        limiter.refuseUntil(Date().addingTimeInterval(-1), organizationID: "1")
        try await limiter.acquire("1")
    }
}

private actor Arrivals {
    var values: [Int] = []

    func append(_ value: Int) {
        values.append(value)
    }
}
