#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif
internal import Synchronization
internal import PlatformSupport

/// Dedicated threads that run blocking `curl_easy_perform` calls off Swift's cooperative pool.
///
/// Each worker thread owns one ``CurlEasy`` handle for its whole life, so a handle (and the
/// connections in its cache) never moves between threads and never needs to be `Sendable`.
/// The pool starts a worker when a job arrives and none is idle, up to `maximumWorkers`; beyond
/// that, jobs wait in FIFO order. A worker that finishes and finds no job waits for the next one,
/// keeping its handle's connections alive, unless `maximumIdleWorkers` are already waiting, in
/// which case it exits and its handle closes its connections.
///
/// Thread safety: every mutable property below is read and written only while `condition` is
/// locked, and the jobs' continuations are resumed exactly once, by whoever removes the job from
/// `pending` under that lock (a worker, or ``cancel(_:)``). That lock discipline is what the
/// `@unchecked Sendable` promises; it is the only such conformance in the module.
final class CurlWorkerPool: @unchecked Sendable {
    /// One request waiting for, or running on, a worker.
    struct Job: Sendable {
        let request: HTTPRequest
        let verbose: Bool
        let cancellation: CancellationFlag
        let continuation: CheckedContinuation<HTTPResponse, any Error>
    }

    let maximumWorkers: Int
    let maximumIdleWorkers: Int

    private let condition = ConditionLock()
    private var pending: [Job] = []
    private var workerCount = 0
    /// Workers that are waiting for a job, or have just finished one and are about to look for the next.
    private var idleWorkers = 0
    private var isShutDown = false

    private let connectionsOpened = Atomic<Int>(0)

    init(maximumWorkers: Int, maximumIdleWorkers: Int) {
        self.maximumWorkers = max(1, maximumWorkers)
        self.maximumIdleWorkers = max(0, min(maximumIdleWorkers, self.maximumWorkers))
    }

    /// The number of connections libcurl has opened across all workers since the pool started.
    var totalConnectionsOpened: Int {
        connectionsOpened.load(ordering: .relaxed)
    }

    // MARK: Jobs

    /// Queues a job; its continuation is resumed on a worker thread, or at once when it was cancelled.
    func submit(_ job: Job) {
        condition.lock()
        guard !isShutDown, !job.cancellation.isCancelled else {
            condition.unlock()
            job.continuation.resume(throwing: CancellationError())
            return
        }
        pending.append(job)
        // Idle workers will each take one job; start another thread only for the excess.
        let startWorker = pending.count > idleWorkers && workerCount < maximumWorkers
        if startWorker {
            // The new thread counts as idle until it takes its first job.
            workerCount += 1
            idleWorkers += 1
        } else {
            condition.signal()
        }
        condition.unlock()
        if startWorker {
            startThread()
        }
    }

    /// Removes a job that has not started yet and resumes it with `CancellationError`.
    ///
    /// A job that a worker already took is stopped by its raised ``CancellationFlag`` instead.
    func cancel(_ flag: CancellationFlag) {
        condition.lock()
        let index = pending.firstIndex { $0.cancellation === flag }
        let job = index.map { pending.remove(at: $0) }
        condition.unlock()
        job?.continuation.resume(throwing: CancellationError())
    }

    /// Lets idle workers exit and makes later submissions fail; running transfers finish normally.
    func shutDown() {
        condition.withLock {
            isShutDown = true
            condition.broadcast()
        }
    }

    // MARK: Workers

    private func startThread() {
        startDetachedThread { [self] in
            runWorker()
        }
    }

    private func runWorker() {
        // Created on first use, on this thread, and destroyed with it.
        var easy: CurlEasy?
        while let job = nextJob() {
            let result: Result<HTTPResponse, any Error>
            if easy == nil {
                easy = CurlEasy()
            }
            if let easy {
                result = Result { try easy.perform(job.request, verbose: job.verbose, cancellation: job.cancellation) }
                connectionsOpened.add(easy.lastConnectionCount, ordering: .relaxed)
            } else {
                result = .failure(CurlEasy.initializationError(for: job.request))
            }
            // Count this worker as idle *before* the caller resumes, so that a caller sending its next
            // request straight away finds this worker (and its warm connection) instead of starting a thread.
            condition.withLock { idleWorkers += 1 }
            job.continuation.resume(with: result)
        }
    }

    /// Waits for the next job; `nil` tells the worker to exit. The calling worker is already counted idle.
    private func nextJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if !pending.isEmpty {
                idleWorkers -= 1
                return pending.removeFirst()
            }
            if isShutDown || idleWorkers > maximumIdleWorkers {
                idleWorkers -= 1
                workerCount -= 1
                return nil
            }
            condition.wait()
        }
    }
}
