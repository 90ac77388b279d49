internal import PlatformSupport
internal import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Dedicated threads that run blocking `curl_easy_perform` calls off Swift's cooperative pool, and that double
/// as a task executor.
///
/// The pool keeps its ``CurlEasy`` handles (each with the kept-alive connections in its cache) apart from its
/// threads: a worker borrows the most recently returned handle for one transfer and gives it back, so sequential
/// calls reuse one warm connection whichever worker runs them, and a worker that exits leaves its connection to the
/// next. A handle is only ever used by one thread at a time, which is all libcurl asks. The pool starts a worker
/// when work arrives and none is idle, up to `maximumWorkers`; beyond that, work waits in FIFO order. A worker that
/// finds no work waits for the next, unless `maximumIdleWorkers` are already waiting, in which case it exits.
///
/// As a `TaskExecutor`, the pool runs Swift tasks on these same threads. A task that prefers this executor and
/// sends a request performs it inline on its current worker thread (blocking is what these threads are for),
/// so a tool call goes from the protocol layer to Zoho and back without a single thread hop. Actors without an
/// executor of their own also run on the preferred executor, so token and organization look-ups stay inline too.
///
/// Thread safety: every mutable property below is read and written only while `condition` is locked, and the
/// continuations of transfer jobs are resumed exactly once, by whoever removes the job from `pending` under that
/// lock (a worker, or ``cancel(_:)``). That lock discipline is what the `@unchecked Sendable` promises.
final class CurlWorkerPool: TaskExecutor, @unchecked Sendable {
    /// One request waiting for, or running on, a worker.
    struct Job: Sendable {
        let request: HTTPRequest
        let verbose: Bool
        let cancellation: CancellationFlag
        let continuation: CheckedContinuation<HTTPResponse, any Error>
    }

    private enum Work {
        case transfer(Job)
        case task(UnownedJob)
    }

    let maximumWorkers: Int
    let maximumIdleWorkers: Int

    private let condition = ConditionLock()
    private var pending: [Work] = []
    private var pendingStart = 0
    private var workerCount = 0
    /// Workers that are waiting for work, or have just finished some and are about to look for more.
    private var idleWorkers = 0
    private var isShutDown = false

    private let connectionsOpened = Atomic<Int>(0)
    /// Handles not in use, the most recently returned last, at most `maximumIdleWorkers` of them.
    private let idleHandles = Mutex<[BorrowedHandle]>([])
    /// Items queued and not yet taken, readable without the lock by a spinning worker.
    private let queuedCount = Atomic<Int>(0)
    /// Whether a worker is spinning for new work; enqueuers then leave the work to it instead of waking a thread.
    private let workerSpinning = Atomic<Bool>(false)

    /// How long an idle worker keeps looking for work before it sleeps. Requests often come in quick succession
    /// (a client's next call follows the last answer within a fraction of a millisecond); finding one while still
    /// awake saves waking a sleeping thread, which costs tens of microseconds on virtual machines.
    static let spinDuration: Duration = .microseconds(300)

    init(maximumWorkers: Int, maximumIdleWorkers: Int) {
        self.maximumWorkers = max(1, maximumWorkers)
        self.maximumIdleWorkers = max(0, min(maximumIdleWorkers, self.maximumWorkers))
    }

    /// The number of connections libcurl has opened across all workers since the pool started.
    var totalConnectionsOpened: Int {
        connectionsOpened.load(ordering: .relaxed)
    }

    // MARK: Work

    /// Queues a transfer; its continuation is resumed on a worker thread, or at once when it was cancelled.
    func submit(_ job: Job) {
        let accepted = add(.transfer(job), unlessCancelled: job.cancellation)
        if !accepted { job.continuation.resume(throwing: CancellationError()) }
    }

    /// Runs a task's job on a worker thread.
    ///
    /// A job enqueued by a worker (a task resuming after an actor call, or after a transfer this worker ran)
    /// is left for that same worker, which takes it as soon as its current job returns: waking another thread
    /// would only add a context switch. A worker about to block in a transfer wakes a peer first (see
    /// ``performInline(_:verbose:cancellation:)``), so nothing waits behind a slow request.
    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let fromOwnWorker = WorkerThread.current?.pool === self
        if !add(.task(unowned), unlessCancelled: nil, wakingPeer: !fromOwnWorker) {
            // After shut-down there is no thread left to run it; one of its own keeps the task from hanging.
            let executor = asUnownedTaskExecutor()
            startDetachedThread { unowned.runSynchronously(on: executor) }
        }
    }

    private func add(_ work: Work, unlessCancelled cancellation: CancellationFlag?, wakingPeer: Bool = true) -> Bool {
        condition.lock()
        guard !isShutDown, !(cancellation?.isCancelled ?? false) else {
            condition.unlock()
            return false
        }
        pending.append(work)
        queuedCount.store(pending.count - pendingStart, ordering: .releasing)
        // A spinning worker takes one item; anything beyond that still wakes a peer.
        let leftToSpinner = workerSpinning.load(ordering: .acquiring) && pending.count - pendingStart == 1
        let wake = wakingPeer && !leftToSpinner
        let startWorker = wake && reserveThreadForExcessWork()
        condition.unlock()
        if wake { self.wake(startingThread: startWorker) }
        return true
    }

    /// With the lock held: whether more work waits than idle workers will take, in which case a new thread is
    /// counted in (as idle until it takes its first item) and the caller must start it.
    private func reserveThreadForExcessWork() -> Bool {
        guard pending.count - pendingStart > idleWorkers, workerCount < maximumWorkers else { return false }
        workerCount += 1
        idleWorkers += 1
        return true
    }

    /// Without the lock: starts the reserved thread, or wakes an idle worker. Signalling after unlocking keeps the
    /// woken worker from waking only to block on the lock at once.
    private func wake(startingThread: Bool) {
        if startingThread {
            startDetachedThread { [self] in runWorker() }
        } else {
            condition.signal()
        }
    }

    /// Removes a transfer that has not started yet and resumes it with `CancellationError`.
    ///
    /// A transfer that a worker already took is stopped by its raised ``CancellationFlag`` instead.
    func cancel(_ flag: CancellationFlag) {
        condition.lock()
        let index = pending[pendingStart...].firstIndex {
            if case .transfer(let job) = $0 { return job.cancellation === flag }
            return false
        }
        var removed: Job?
        if let index, case .transfer(let job) = pending[index] {
            removed = job
            pending.remove(at: index)
            queuedCount.store(pending.count - pendingStart, ordering: .releasing)
        }
        condition.unlock()
        removed?.continuation.resume(throwing: CancellationError())
    }

    /// Lets idle workers exit and makes later transfers fail; running transfers finish normally.
    func shutDown() {
        condition.withLock {
            isShutDown = true
            condition.broadcast()
        }
    }

    // MARK: Inline transfers

    /// Performs the request on the calling thread when it is one of this pool's workers; nil otherwise, and the
    /// caller submits it instead.
    func performInline(_ request: HTTPRequest, verbose: Bool, cancellation: CancellationFlag) throws -> HTTPResponse? {
        guard let worker = WorkerThread.current, worker.pool === self else { return nil }
        wakePeerIfWorkIsWaiting()
        return try worker.perform(request, verbose: verbose, cancellation: cancellation)
    }

    /// Hands queued work to another thread before this one blocks, starting a thread if none is idle.
    private func wakePeerIfWorkIsWaiting() {
        condition.lock()
        let waiting = pending.count - pendingStart > 0
        let startWorker = reserveThreadForExcessWork()
        condition.unlock()
        if waiting { wake(startingThread: startWorker) }
    }

    // MARK: Workers

    private func runWorker() {
        let worker = WorkerThread(pool: self)
        WorkerThread.current = worker
        defer { WorkerThread.current = nil }
        let executor = asUnownedTaskExecutor()
        while let work = nextWork() {
            switch work {
            case .task(let job):
                job.runSynchronously(on: executor)
                condition.withLock { idleWorkers += 1 }
            case .transfer(let job):
                let result = Result {
                    try worker.perform(job.request, verbose: job.verbose, cancellation: job.cancellation)
                }
                // Count this worker as idle *before* the caller resumes, so that a caller sending its next
                // request straight away finds this worker (and its warm connection) instead of starting a thread.
                condition.withLock { idleWorkers += 1 }
                job.continuation.resume(with: result)
            }
        }
    }

    fileprivate func countConnections(_ count: Int) {
        connectionsOpened.add(count, ordering: .relaxed)
    }

    /// The most recently used idle handle (the one whose connection is warmest), or a new one.
    fileprivate func borrowHandle() -> CurlEasy? {
        if let handle = idleHandles.withLock({ $0.popLast() }) { return handle.easy }
        return CurlEasy()
    }

    /// Keeps at most `maximumIdleWorkers` idle handles: past that, the least recently used one closes with its
    /// connections (outside the lock).
    fileprivate func returnHandle(_ easy: CurlEasy) {
        let handle = BorrowedHandle(easy: easy)
        let dropped = idleHandles.withLock { handles -> BorrowedHandle? in
            handles.append(handle)
            return handles.count > maximumIdleWorkers ? handles.removeFirst() : nil
        }
        _ = dropped
    }

    /// Waits for the next item; `nil` tells the worker to exit. The calling worker is already counted idle.
    private func nextWork() -> Work? {
        var spun = false
        condition.lock()
        defer { condition.unlock() }
        while true {
            if pendingStart < pending.count {
                idleWorkers -= 1
                let work = pending[pendingStart]
                pendingStart += 1
                // Compact now and then, so taking from the front stays cheap.
                if pendingStart > 64 && pendingStart * 2 > pending.count {
                    pending.removeFirst(pendingStart)
                    pendingStart = 0
                }
                queuedCount.store(pending.count - pendingStart, ordering: .releasing)
                return work
            }
            if isShutDown || idleWorkers > maximumIdleWorkers {
                idleWorkers -= 1
                workerCount -= 1
                return nil
            }
            if !spun {
                // One worker at a time looks for work awake for a moment; then, like the others, it sleeps. The
                // queue is checked again under the lock after spinning, so no work is missed either way.
                spun = true
                condition.unlock()
                spinForWork()
                condition.lock()
                continue
            }
            condition.wait()
        }
    }

    /// Spins, yielding the processor, until work is queued or ``spinDuration`` passes; returns at once when
    /// another worker is already spinning.
    private func spinForWork() {
        guard
            workerSpinning.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
                .exchanged
        else { return }
        let deadline = ContinuousClock.now + Self.spinDuration
        while queuedCount.load(ordering: .acquiring) == 0 && ContinuousClock.now < deadline {
            sched_yield()
        }
        workerSpinning.store(false, ordering: .releasing)
    }
}

/// An idle handle in the pool's stack. Only the thread that borrows it uses it, until it gives it back.
private final class BorrowedHandle: @unchecked Sendable {
    let easy: CurlEasy

    init(easy: CurlEasy) {
        self.easy = easy
    }
}

/// The state of one worker thread: its pool, found through a thread-specific slot so that a task running on the
/// thread can perform a transfer inline.
private final class WorkerThread {
    let pool: CurlWorkerPool

    init(pool: CurlWorkerPool) {
        self.pool = pool
    }

    func perform(_ request: HTTPRequest, verbose: Bool, cancellation: CancellationFlag) throws -> HTTPResponse {
        guard let easy = pool.borrowHandle() else { throw CurlEasy.initializationError(for: request) }
        defer {
            pool.countConnections(easy.lastConnectionCount)
            pool.returnHandle(easy)
        }
        return try easy.perform(request, verbose: verbose, cancellation: cancellation)
    }

    /// The worker running on the current thread, if any.
    static var current: WorkerThread? {
        get {
            guard let raw = pthread_getspecific(slot.key) else { return nil }
            return Unmanaged<WorkerThread>.fromOpaque(raw).takeUnretainedValue()
        }
        set {
            if let old = pthread_getspecific(slot.key) { Unmanaged<WorkerThread>.fromOpaque(old).release() }
            pthread_setspecific(slot.key, newValue.map { Unmanaged.passRetained($0).toOpaque() })
        }
    }

    private static let slot = ThreadSlot()
}

/// A POSIX thread-specific key, created once.
private final class ThreadSlot: Sendable {
    let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        self.key = key
    }
}
