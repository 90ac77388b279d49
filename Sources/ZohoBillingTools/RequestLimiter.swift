#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif
import Synchronization

/// Keeps one process's requests within Zoho's limits for each organization: a token bucket for the per-minute
/// limit, a cap on requests in flight, and a stop once Zoho says the day's quota is spent.
///
/// Shared by every concurrent tool call of the process. Waiting callers are served in arrival order for the
/// concurrency cap, and a cancelled waiter leaves at once.
package final class RequestLimiter: Sendable {
    package struct Configuration: Sendable, Hashable {
        /// Requests per minute per organization; nil switches the bucket off.
        package var requestsPerMinute: Int?
        /// Requests in flight per organization; nil switches the cap off.
        package var maximumConcurrent: Int?

        package init(requestsPerMinute: Int?, maximumConcurrent: Int?) {
            self.requestsPerMinute = requestsPerMinute.flatMap { $0 > 0 ? $0 : nil }
            self.maximumConcurrent = maximumConcurrent.flatMap { $0 > 0 ? $0 : nil }
        }

        /// Zoho Billing's documented per-organization limit, and the concurrency of its smallest plan.
        package static let standard = Configuration(requestsPerMinute: 100, maximumConcurrent: 5)
        /// No limiting at all (benchmarks, tests).
        package static let off = Configuration(requestsPerMinute: nil, maximumConcurrent: nil)
    }

    /// Why a request was refused without being sent.
    package struct QuotaExhausted: Error, Sendable, CustomStringConvertible {
        package var organizationID: String
        package var until: Date

        package var description: String {
            "Zoho's daily request limit for organization \(organizationID) is used up (Zoho code 45). This process "
                + "sends no more requests for it until \(until.formatted(.iso8601)), when the daily quota should "
                + "have reset; try again after that, or ask Zoho to raise the plan's limit."
        }
    }

    private struct Bucket {
        var tokens: Double
        var refilled: ContinuousClock.Instant
        var inFlight = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var pausedUntil: ContinuousClock.Instant?
        var quotaExhaustedUntil: Date?
    }

    package let configuration: Configuration
    private let clock = ContinuousClock()
    private let state = Mutex<(buckets: [String: Bucket], nextWaiter: UInt64)>(([:], 0))

    package init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Waits until a request for `organizationID` may go out, and counts it in flight; pair with ``release(_:)``.
    /// - Throws: ``QuotaExhausted`` when Zoho said the day's quota is spent, `CancellationError`.
    package func acquire(_ organizationID: String) async throws {
        try await takeConcurrencySlot(organizationID)
        do {
            try await takeToken(organizationID)
        } catch {
            release(organizationID)
            throw error
        }
    }

    /// Ends a request counted by ``acquire(_:)`` and lets the next waiter in.
    package func release(_ organizationID: String) {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            guard var bucket = state.buckets[organizationID] else { return nil }
            defer { state.buckets[organizationID] = bucket }
            if !bucket.waiters.isEmpty {
                // The slot passes straight to the first waiter; the in-flight count stays the same.
                return bucket.waiters.removeFirst().continuation
            }
            bucket.inFlight = max(0, bucket.inFlight - 1)
            return nil
        }
        next?.resume()
    }

    /// Holds every request for the organization back for `duration` (Zoho's per-minute limit was hit).
    package func pause(_ organizationID: String, for duration: Duration) {
        state.withLock { state in
            var bucket = state.buckets[organizationID] ?? newBucket()
            let until = clock.now + duration
            bucket.pausedUntil = max(bucket.pausedUntil ?? until, until)
            bucket.tokens = min(bucket.tokens, 0)
            state.buckets[organizationID] = bucket
        }
    }

    /// Refuses further requests for the organization until `date` (Zoho's daily quota was hit).
    package func refuseUntil(_ date: Date, organizationID: String) {
        state.withLock { state in
            var bucket = state.buckets[organizationID] ?? newBucket()
            bucket.quotaExhaustedUntil = date
            state.buckets[organizationID] = bucket
        }
    }

    private func newBucket() -> Bucket {
        Bucket(tokens: Double(configuration.requestsPerMinute ?? 0), refilled: clock.now)
    }

    private func takeConcurrencySlot(_ organizationID: String) async throws {
        let waiter: UInt64? = try state.withLock { state in
            var bucket = state.buckets[organizationID] ?? newBucket()
            defer { state.buckets[organizationID] = bucket }
            if let until = bucket.quotaExhaustedUntil {
                if until > Date() { throw QuotaExhausted(organizationID: organizationID, until: until) }
                bucket.quotaExhaustedUntil = nil
            }
            guard let maximum = configuration.maximumConcurrent, bucket.inFlight >= maximum else {
                bucket.inFlight += 1
                return nil
            }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let waiter else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.buckets[organizationID, default: newBucket()].waiters.append((waiter, continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let removed = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.buckets[organizationID]?.waiters.firstIndex(where: { $0.id == waiter }) else {
                    return nil
                }
                return state.buckets[organizationID]?.waiters.remove(at: index).continuation
            }
            removed?.resume(throwing: CancellationError())
        }
    }

    private func takeToken(_ organizationID: String) async throws {
        while true {
            let wait: Duration? = state.withLock { state in
                var bucket = state.buckets[organizationID] ?? newBucket()
                defer { state.buckets[organizationID] = bucket }
                let now = clock.now
                if let paused = bucket.pausedUntil {
                    if paused > now { return paused - now }
                    bucket.pausedUntil = nil
                }
                guard let perMinute = configuration.requestsPerMinute else { return nil }
                let perSecond = Double(perMinute) / 60
                let elapsed = now - bucket.refilled
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                bucket.tokens = min(Double(perMinute), bucket.tokens + seconds * perSecond)
                bucket.refilled = now
                if bucket.tokens >= 1 {
                    bucket.tokens -= 1
                    return nil
                }
                return .milliseconds(Int(((1 - bucket.tokens) / perSecond * 1000).rounded(.up)))
            }
            guard let wait else { return }
            try await Task.sleep(for: wait)
        }
    }
}
