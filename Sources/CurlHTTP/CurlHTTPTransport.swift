/// The real ``HTTPTransport``: HTTP/1.1 and HTTP/2 over libcurl, https only (plain http is allowed to
/// loopback hosts for local fakes).
///
/// Blocking `curl_easy_perform` calls run on the transport's own worker threads, never on Swift's
/// cooperative thread pool. Each worker keeps one libcurl handle, so connections are kept alive and
/// reused across requests. Copies of a transport share its workers; the threads wind down once the
/// last copy is gone.
///
/// - 3xx responses are returned as they are, never followed.
/// - Any HTTP status, 4xx and 5xx included, is a response; only transport failures throw.
/// - gzip, deflate, brotli and zstd response bodies are decoded transparently.
/// - A request timeout that is not positive and finite means "no limit".
/// - Cancelling the calling task aborts the transfer at once, even while libcurl waits for the network (the
///   transfer's poll is woken), and throws `CancellationError`.
public struct CurlHTTPTransport: HTTPTransport {
    private let engine: Engine

    /// Creates a transport. libcurl is loaded and initialised by the first request, not here, so that a
    /// process that never sends one (a sandbox, a `tools list`) never pays for it.
    ///
    /// - Parameters:
    ///   - verbose: Turns on `CURLOPT_VERBOSE`, which writes every exchange to stderr, **including the
    ///     `Authorization` header and its token**. Keep it off unless someone explicitly asked for an
    ///     HTTP trace.
    ///   - maximumConcurrentTransfers: Transfers that may run at once, one worker thread each; further
    ///     requests wait their turn.
    ///   - maximumIdleHandles: libcurl handles (and their open connections) kept for reuse while idle.
    public init(verbose: Bool = false, maximumConcurrentTransfers: Int = 16, maximumIdleHandles: Int = 8) {
        engine = Engine(
            verbose: verbose,
            pool: CurlWorkerPool(maximumWorkers: maximumConcurrentTransfers, maximumIdleWorkers: maximumIdleHandles)
        )
    }

    /// Sends the request and waits for the whole response.
    ///
    /// An insecure or malformed URL, a malformed header, or an already cancelled task fails here,
    /// before any network I/O.
    /// - Throws: ``CurlError`` for transport failures, `CancellationError` when the task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        CurlGlobal.initialize()
        let cancellation = CancellationFlag()
        let engine = engine
        return try await withTaskCancellationHandler {
            // A task running on one of the workers (see ``taskExecutor``) performs the transfer right there; the
            // transfer checks the request itself.
            if let response = try engine.pool.performInline(
                request, verbose: engine.verbose, cancellation: cancellation)
            {
                return response
            }
            try CurlEasy.validate(request)
            return try await withCheckedThrowingContinuation { continuation in
                engine.pool.submit(
                    CurlWorkerPool.Job(
                        request: request,
                        verbose: engine.verbose,
                        cancellation: cancellation,
                        continuation: continuation
                    )
                )
            }
        } onCancel: {
            cancellation.cancel()
            engine.pool.cancel(cancellation)
        }
    }

    /// An executor that runs tasks on the transport's worker threads. A task that prefers it performs its
    /// requests inline, without handing them to another thread and back; use it for work that is mostly
    /// waiting on Zoho, such as a tool call.
    public var taskExecutor: any TaskExecutor { engine.pool }

    /// How many connections this transport (and its copies) has opened so far: the sum of
    /// `CURLINFO_NUM_CONNECTS` over its transfers. Fewer connections than requests means reuse works.
    public var connectionsOpened: Int {
        engine.pool.totalConnectionsOpened
    }
}

extension CurlHTTPTransport {
    /// Shared by every copy of a transport; shuts the worker threads down when the last copy goes away.
    private final class Engine: Sendable {
        let verbose: Bool
        let pool: CurlWorkerPool

        init(verbose: Bool, pool: CurlWorkerPool) {
            self.verbose = verbose
            self.pool = pool
        }

        deinit {
            pool.shutDown()
        }
    }
}
