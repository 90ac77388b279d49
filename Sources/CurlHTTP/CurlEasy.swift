// The only file in CurlHTTP that calls into CCurl (libcurl). Everything else works with Swift types.
internal import CCurl
#if canImport(FoundationEssentials)
    internal import FoundationEssentials
#else
    internal import Foundation
#endif
internal import PlatformSupport
internal import Synchronization

// MARK: - Loading libcurl

/// libcurl's functions, resolved on first use: the binary does not link libcurl (see `shim.h` for why).
enum LibCurl {
    /// The loaded table, or why loading failed; computed once, thread-safely, on first access.
    private static let loaded: Result<Table, LoadFailure> = {
        let table = UnsafeMutablePointer<zb_curl_api>.allocate(capacity: 1)
        table.initialize(to: zb_curl_api())
        if let failure = zb_curl_api_load(table) {
            let reason = String(cString: failure)
            table.deallocate()
            return .failure(LoadFailure(reason: reason))
        }
        return .success(Table(pointer: UnsafePointer(table)))
    }()

    /// Written once before it is published and only read afterwards, so sharing it across threads is safe.
    private struct Table: @unchecked Sendable {
        let pointer: UnsafePointer<zb_curl_api>
    }

    private struct LoadFailure: Error {
        let reason: String
    }

    /// The function table, or nil when libcurl could not be loaded.
    static var api: UnsafePointer<zb_curl_api>? { try? loaded.get().pointer }

    /// Why libcurl could not be loaded, for error messages.
    static var loadFailure: String? {
        if case .failure(let failure) = loaded { return failure.reason }
        return nil
    }
}

// MARK: - Global initialisation

/// Process-wide libcurl set-up and tear-down.
///
/// ``CurlHTTPTransport`` calls ``initialize()`` itself, so an executable only needs ``cleanup()`` at exit,
/// and may call ``initialize()`` early in `main`, before any task starts, to keep the one-time cost off
/// the first request.
public enum CurlGlobal {
    private static let isInitialized = Mutex(false)

    /// Initialises libcurl once for the process; later calls do nothing until ``cleanup()``.
    ///
    /// Safe to call from any thread. Wraps `curl_global_init(CURL_GLOBAL_DEFAULT)`.
    public static func initialize() {
        isInitialized.withLock { initialized in
            guard !initialized, let api = LibCurl.api else { return }
            // A failure here leaves `initialized` false; `curl_easy_init` then fails too and the
            // request reports it as a `CurlError`, so there is nothing more useful to do now.
            initialized = zb_curl_global_init(api, Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
        }
    }

    /// Releases libcurl's global resources. Call it once at exit, after every transfer has finished.
    ///
    /// Wraps `curl_global_cleanup`.
    public static func cleanup() {
        isInitialized.withLock { initialized in
            guard initialized, let api = LibCurl.api else { return }
            zb_curl_global_cleanup(api)
            initialized = false
        }
    }
}

// MARK: - Easy handle

/// One libcurl easy handle, reused request after request so its connection cache keeps connections alive.
///
/// Not `Sendable`: one thread at a time uses a handle. ``CurlWorkerPool`` lends it to one worker for one transfer,
/// and ``perform(_:verbose:cancellation:)`` blocks that thread for the whole transfer.
final class CurlEasy {
    private let api: UnsafePointer<zb_curl_api>
    private let handle: UnsafeMutableRawPointer
    /// The multi handle the transfers run in: its poll can be woken from another thread, so a cancelled transfer
    /// stops at once. It also holds the connection cache, reused request after request.
    private let multi: MultiHandle
    /// Receives libcurl's detailed message for the last failure; `CURL_ERROR_SIZE` bytes, owned here.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The host and limits of the request in flight, for error descriptions.
    private var target = Target(scheme: "", host: "", connectTimeout: 0, timeout: 0, responseLimit: 0)

    /// How many new connections the last transfer opened (0 when it reused a cached one).
    private(set) var lastConnectionCount = 0

    /// Creates a handle, or returns `nil` when libcurl cannot allocate one.
    ///
    /// Wraps `curl_easy_init`.
    init?() {
        guard let api = LibCurl.api, let multiHandle = zb_curl_multi_init(api) else { return nil }
        guard let handle = zb_curl_easy_init(api) else {
            _ = zb_curl_multi_cleanup(api, multiHandle)
            return nil
        }
        self.api = api
        self.handle = handle
        self.multi = MultiHandle(api: api, pointer: multiHandle)
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    /// Wraps `curl_easy_cleanup`, which also closes the handle's cached connections.
    deinit {
        zb_curl_easy_cleanup(api, handle)
        _ = zb_curl_multi_cleanup(api, multi.pointer)
        errorBuffer.deallocate()
    }

    /// The error for a handle that could not be created, described against the request that needed it.
    static func initializationError(for request: HTTPRequest) -> CurlError {
        CurlError(
            kind: .other,
            code: Int(CURLE_FAILED_INIT.rawValue),
            scheme: request.url.scheme?.lowercased() ?? "",
            host: request.url.host ?? "",
            detail: LibCurl.loadFailure.map { "libcurl could not be loaded (\($0))" }
                ?? "libcurl could not create a transfer handle",
            connectTimeout: request.connectTimeout,
            timeout: request.timeout
        )
    }

    // MARK: Request checks

    /// Checks a request without touching the network: the URL must parse, be https (or http to a
    /// loopback host), and every header must be well formed.
    ///
    /// - Throws: ``CurlError`` of kind ``CurlError/Kind/insecureURL``, ``CurlError/Kind/invalidURL`` or
    ///   ``CurlError/Kind/invalidRequest``.
    static func validate(_ request: HTTPRequest) throws(CurlError) {
        _ = try ParsedURL(request)
    }

    // MARK: Transfer

    /// Runs one request to completion on the calling thread, which it blocks.
    ///
    /// The handle is reset first (`curl_easy_reset` keeps the connection cache), then configured from
    /// the request. Wraps `curl_easy_perform`.
    /// - Returns: The final response, whatever its status; 3xx responses are returned, never followed.
    /// - Throws: `CancellationError` when `cancellation` is raised before or during the transfer,
    ///   otherwise ``CurlError``.
    func perform(_ request: HTTPRequest, verbose: Bool, cancellation: CancellationFlag) throws -> HTTPResponse {
        let url = try ParsedURL(request)
        target = Target(
            scheme: url.scheme,
            host: url.host,
            connectTimeout: request.connectTimeout,
            timeout: request.timeout,
            responseLimit: request.maximumResponseBytes
        )
        lastConnectionCount = 0
        if cancellation.isCancelled {
            throw CancellationError()
        }

        zb_curl_easy_reset(api, handle)
        errorBuffer[0] = 0
        let transfer = TransferState(cancellation: cancellation, maximumBodyBytes: request.maximumResponseBytes)
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()

        try setPointer(CURLOPT_ERRORBUFFER, errorBuffer)
        // Signals would be delivered to an arbitrary thread of the Swift runtime; never let libcurl use them.
        try setLong(CURLOPT_NOSIGNAL, 1)
        // Send the path as written (see `ParsedURL`): no dot-segment resolution at transfer time either.
        try setLong(CURLOPT_PATH_AS_IS, 1)
        try setLong(CURLOPT_VERBOSE, verbose ? 1 : 0)
        try setPointer(CURLOPT_CURLU, UnsafeMutableRawPointer(url.handle))
        // A second line of defence behind `TransportSecurity`: on libcurl before 7.85 this is a no-op.
        try check(zb_curl_easy_set_protocols(api, handle, TransportSecurity.allowedProtocols(host: url.host)))
        try setLong(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        try setLong(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        try setLong(CURLOPT_FOLLOWLOCATION, 0)
        // Refuses at once an answer whose announced length is over the limit; the write callback enforces the limit
        // on what actually arrives, decoded, for answers that announce nothing or lie.
        try setOffset(CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maximumResponseBytes))
        // The empty string offers every encoding this libcurl can decode and decodes the body transparently.
        try setString(CURLOPT_ACCEPT_ENCODING, "")
        try setString(CURLOPT_CUSTOMREQUEST, request.method.rawValue)

        if let body = request.body {
            // Setting the size first makes COPYPOSTFIELDS copy exactly that many bytes, NULs included.
            try setOffset(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            try body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in
                let start = bytes.baseAddress ?? UnsafeRawPointer(Self.emptyBody.utf8Start)
                try setPointer(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: start))
            }
        } else if request.method == .post || request.method == .put {
            // An empty POST or PUT still needs `Content-Length: 0`, or servers wait for a body or reply 411.
            try setOffset(CURLOPT_POSTFIELDSIZE_LARGE, 0)
            try setPointer(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: Self.emptyBody.utf8Start))
        }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { zb_curl_slist_free_all(api, headerList) }
        for line in Self.headerLines(request.headers) {
            guard let appended = zb_curl_slist_append(api, headerList, line) else {
                throw makeError(CURLE_OUT_OF_MEMORY)
            }
            headerList = appended
        }
        try setPointer(CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))

        try check(zb_curl_easy_setopt_data_callback(api, handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
        try setPointer(CURLOPT_WRITEDATA, userdata)
        try check(zb_curl_easy_setopt_data_callback(api, handle, CURLOPT_HEADERFUNCTION, curlWriteHeader))
        try setPointer(CURLOPT_HEADERDATA, userdata)
        try setLong(CURLOPT_NOPROGRESS, 0)
        try check(zb_curl_easy_setopt_xferinfo_callback(api, handle, curlProgress))
        try setPointer(CURLOPT_XFERINFODATA, userdata)

        let code = withExtendedLifetime((transfer, url)) { run(cancellation: cancellation) }
        // libcurl does not own the CURLU handle; drop its pointer before `url` is freed.
        _ = zb_curl_easy_setopt_pointer(api, handle, CURLOPT_CURLU, nil)

        var connects = 0
        if zb_curl_easy_getinfo_long(api, handle, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK {
            lastConnectionCount = connects
        }
        if code != CURLE_OK, cancellation.isCancelled {
            // Whatever the callback's abort turned into (usually CURLE_ABORTED_BY_CALLBACK), it was ours.
            throw CancellationError()
        }
        if code == CURLE_FILESIZE_EXCEEDED || (code == CURLE_WRITE_ERROR && transfer.exceededLimit) {
            throw makeError(code, kind: .responseTooLarge)
        }
        try check(code)

        var status = 0
        try check(zb_curl_easy_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &status))
        return HTTPResponse(status: status, headers: HTTPHeaders(transfer.headers), body: transfer.body)
    }

    /// Drives the transfer to its end in the multi handle, sleeping in `curl_multi_poll` while it waits and waking
    /// early when `cancellation` is raised. Returns the transfer's result code.
    private func run(cancellation: CancellationFlag) -> CURLcode {
        let multi = multi
        let added = zb_curl_multi_add_handle(api, multi.pointer, handle)
        guard added == CURLM_OK else { return CURLE_FAILED_INIT }
        defer { _ = zb_curl_multi_remove_handle(api, multi.pointer, handle) }
        return cancellation.whileWaiting(wakingWith: { multi.wakeUp() }) {
            while true {
                var running: Int32 = 0
                let performed = zb_curl_multi_perform(api, multi.pointer, &running)
                if cancellation.isCancelled { return CURLE_ABORTED_BY_CALLBACK }
                guard performed == CURLM_OK else { return CURLE_FAILED_INIT }
                if running == 0 {
                    let result = zb_curl_multi_finished_result(api, multi.pointer)
                    return result == CURLE_AGAIN ? CURLE_FAILED_INIT : result
                }
                // libcurl shortens the wait itself when one of its timers (timeouts included) is due sooner.
                guard zb_curl_multi_poll(api, multi.pointer, 1000) == CURLM_OK else { return CURLE_FAILED_INIT }
            }
        }
    }

    // MARK: Options

    private func setLong(_ option: CURLoption, _ value: Int) throws {
        try check(zb_curl_easy_setopt_long(api, handle, option, value))
    }

    private func setOffset(_ option: CURLoption, _ value: curl_off_t) throws {
        try check(zb_curl_easy_setopt_off_t(api, handle, option, value))
    }

    private func setString(_ option: CURLoption, _ value: String) throws {
        // libcurl copies string options, so the temporary C string may go away after the call.
        try check(value.withCString { zb_curl_easy_setopt_string(api, handle, option, $0) })
    }

    private func setPointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws {
        try check(zb_curl_easy_setopt_pointer(api, handle, option, value))
    }

    private static let emptyBody: StaticString = ""

    /// Converts seconds to libcurl milliseconds; anything not positive and finite means "no limit" (0).
    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int(min((seconds * 1000).rounded(.up), Double(Int32.max)))
    }

    /// The request's header lines plus the ones that switch off libcurl defaults we do not want.
    private static func headerLines(_ headers: HTTPHeaders) -> [String] {
        var lines = headers.map { field in
            // "Name:" would tell libcurl to remove the header; "Name;" sends it with an empty value.
            field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
        }
        // No `Expect: 100-continue` round trip before a body; Zoho bodies are small.
        if headers["Expect"] == nil {
            lines.append("Expect:")
        }
        // Without this, libcurl labels any body `application/x-www-form-urlencoded`; send only what the caller set.
        if headers["Content-Type"] == nil {
            lines.append("Content-Type:")
        }
        return lines
    }

    // MARK: Errors

    /// The single choke point that turns a `CURLcode` into a Swift error.
    private func check(_ code: CURLcode) throws {
        guard code != CURLE_OK else { return }
        if code == CURLE_ABORTED_BY_CALLBACK {
            // Only the progress callback aborts, and only when the task was cancelled.
            throw CancellationError()
        }
        throw makeError(code)
    }

    private func makeError(_ code: CURLcode, kind: CurlError.Kind? = nil) -> CurlError {
        var detail = String(cString: zb_curl_easy_strerror(api, code))
        let buffered = String(cString: errorBuffer)
        if !buffered.isEmpty, buffered != detail {
            detail += " (\(buffered.trimmingWhitespace()))"
        }
        var elapsed = 0.0
        let hasElapsed =
            zb_curl_easy_getinfo_double(api, handle, CURLINFO_TOTAL_TIME, &elapsed) == CURLE_OK && elapsed > 0
        var error = CurlError(
            kind: kind ?? Self.kind(of: code),
            code: Int(code.rawValue),
            scheme: target.scheme,
            host: target.host,
            detail: detail,
            elapsed: hasElapsed ? elapsed : nil,
            connectTimeout: target.connectTimeout,
            timeout: target.timeout
        )
        error.responseLimit = target.responseLimit
        return error
    }

    private static func kind(of code: CURLcode) -> CurlError.Kind {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            .couldNotResolveHost
        case CURLE_COULDNT_CONNECT:
            .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_SHUTDOWN_FAILED:
            .tlsFailure
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            .connectionLost
        default:
            .other
        }
    }
}

// MARK: - Supporting types

extension CurlEasy {
    /// A multi handle, shareable with the thread that cancels: `curl_multi_wakeup` is the one call libcurl allows
    /// from another thread, and the handle outlives every wake-up because the hook is removed before the transfer
    /// ends (see ``CancellationFlag``).
    struct MultiHandle: @unchecked Sendable {
        let api: UnsafePointer<zb_curl_api>
        let pointer: UnsafeMutableRawPointer

        init(api: UnsafePointer<zb_curl_api>, pointer: UnsafeMutableRawPointer) {
            self.api = api
            self.pointer = pointer
        }

        func wakeUp() {
            _ = zb_curl_multi_wakeup(api, pointer)
        }
    }

    /// Where a request goes and the limits it runs under, kept for error descriptions.
    struct Target {
        var scheme: String
        var host: String
        var connectTimeout: Double
        var timeout: Double
        var responseLimit: Int
    }

    /// A request URL parsed by libcurl's own URL parser and checked against ``TransportSecurity``.
    ///
    /// The same `CURLU` handle is handed to the transfer (`CURLOPT_CURLU`), so the host that was checked
    /// is the host libcurl connects to; there is no second parser to disagree with.
    private final class ParsedURL {
        let api: UnsafePointer<zb_curl_api>
        let handle: OpaquePointer
        let scheme: String
        let host: String

        /// Wraps `curl_url_set` and `curl_url_get`; throws before any I/O.
        init(_ request: HTTPRequest) throws(CurlError) {
            func failure(
                _ kind: CurlError.Kind, _ code: CURLcode, _ detail: String, scheme: String = "",
                host: String = ""
            ) -> CurlError {
                CurlError(
                    kind: kind, code: Int(code.rawValue), scheme: scheme, host: host, detail: detail,
                    connectTimeout: request.connectTimeout, timeout: request.timeout
                )
            }
            guard let api = LibCurl.api else {
                let reason = LibCurl.loadFailure ?? "unknown reason"
                throw failure(.other, CURLE_FAILED_INIT, "libcurl could not be loaded (\(reason))")
            }
            guard let handle = zb_curl_url(api) else {
                throw failure(.other, CURLE_OUT_OF_MEMORY, "libcurl could not allocate a URL handle")
            }
            // Parse any scheme, so that an `ftp:` or `file:` URL is reported as insecure, not as malformed.
            // Keep the path exactly as given: libcurl would otherwise resolve `.` and `..` segments, and a request
            // meant for one resource could reach its parent.
            let flags = UInt32(CURLU_NON_SUPPORT_SCHEME) | UInt32(CURLU_PATH_AS_IS)
            let parsed = zb_curl_url_set(api, handle, CURLUPART_URL, request.url.absoluteString, flags)
            guard parsed == CURLUE_OK else {
                // `self` is not fully initialised yet, so `deinit` will not run: free the handle here.
                zb_curl_url_cleanup(api, handle)
                throw failure(.invalidURL, CURLE_URL_MALFORMAT, String(cString: zb_curl_url_strerror(api, parsed)))
            }
            self.api = api
            self.handle = handle
            scheme = Self.part(api, handle, CURLUPART_SCHEME)?.lowercased() ?? ""
            host = Self.part(api, handle, CURLUPART_HOST) ?? ""
            // From here on `self` is complete, and `deinit` frees the handle if a check below throws.
            guard !host.isEmpty || scheme == "http" || scheme == "https" else {
                // `file:///…` and friends: no host to name, but the scheme is the problem.
                throw failure(.insecureURL, CURLE_UNSUPPORTED_PROTOCOL, "", scheme: scheme)
            }
            guard !host.isEmpty else {
                throw failure(.invalidURL, CURLE_URL_MALFORMAT, "the URL names no host", scheme: scheme)
            }
            guard TransportSecurity.allows(scheme: scheme, host: host) else {
                throw failure(.insecureURL, CURLE_UNSUPPORTED_PROTOCOL, "", scheme: scheme, host: host)
            }
            for field in request.headers where !Self.isValid(field) {
                let name = Self.isValidName(field.name) ? "the header named \(field.name)" : "a header name"
                throw failure(
                    .invalidRequest, CURLE_BAD_FUNCTION_ARGUMENT,
                    "\(name) or its value contains a control character or non-ASCII text",
                    scheme: scheme, host: host
                )
            }
        }

        /// Wraps `curl_url_cleanup`.
        deinit {
            zb_curl_url_cleanup(api, handle)
        }

        private static func part(_ api: UnsafePointer<zb_curl_api>, _ handle: OpaquePointer, _ part: CURLUPart)
            -> String?
        {
            var value: UnsafeMutablePointer<CChar>?
            guard zb_curl_url_get(api, handle, part, &value, 0) == CURLUE_OK, let value else { return nil }
            defer { zb_curl_free(api, value) }
            return String(cString: value)
        }

        /// Values are visible ASCII, spaces and tabs only: no line break or NUL can split a header, and no Unicode
        /// line separator or other non-ASCII text reaches one.
        private static func isValid(_ field: HTTPHeader) -> Bool {
            isValidName(field.name) && field.value.utf8.allSatisfy { $0 == 0x09 || (0x20...0x7E).contains($0) }
        }

        /// An RFC 9110 token: visible ASCII without separators, so it cannot smuggle a colon or a line break.
        private static func isValidName(_ name: String) -> Bool {
            !name.isEmpty && name.utf8.allSatisfy { tokenBytes[Int($0)] }
        }

        /// Which bytes may appear in a token; a table, because every header of every request is checked.
        private static let tokenBytes: [Bool] = (0...255).map { byte in
            byte > 0x20 && byte < 0x7F && !"\"(),/:;<=>?@[\\]{}".utf8.contains(UInt8(byte))
        }
    }
}

/// What the callbacks of one transfer write into; lives on the transfer thread only.
private final class TransferState {
    let cancellation: CancellationFlag
    let maximumBodyBytes: Int
    var body = Data()
    var headers: [HTTPHeader] = []
    /// Set when the body outgrew ``maximumBodyBytes`` and the write callback stopped the transfer.
    var exceededLimit = false

    init(cancellation: CancellationFlag, maximumBodyBytes: Int) {
        self.cancellation = cancellation
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Takes one raw header line. A status line starts a new response (after a 1xx, for example),
    /// so only the final response's fields are kept. Works on the bytes and makes one string per name and value:
    /// this runs for every header of every response.
    func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        let bytes = raw.bindMemory(to: UInt8.self)
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        guard end > 0 else { return }
        let line = UnsafeBufferPointer(rebasing: bytes[0..<end])
        if line.starts(with: "HTTP/".utf8) {
            headers.removeAll()
        } else if line[0] == 0x20 || line[0] == 0x09 {
            // An obsolete folded continuation of the previous field's value.
            guard var last = headers.popLast() else { return }
            last.value += " " + String(decoding: Self.trimmed(line[...]), as: UTF8.self)
            headers.append(last)
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
            let value = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
            headers.append(HTTPHeader(name: name, value: value))
        }
    }

    private static func trimmed(_ slice: Slice<UnsafeBufferPointer<UInt8>>) -> UnsafeBufferPointer<UInt8> {
        var lower = slice.startIndex
        var upper = slice.endIndex
        while lower < upper, slice[lower] == 0x20 || slice[lower] == 0x09 { lower += 1 }
        while upper > lower, slice[upper - 1] == 0x20 || slice[upper - 1] == 0x09 { upper -= 1 }
        return UnsafeBufferPointer(rebasing: slice.base[lower..<upper])
    }
}

// MARK: - C callbacks
// libcurl takes plain C function pointers, so these are capture-free global functions that find their
// `TransferState` through the userdata pointer (unretained: `perform` keeps the state alive).

/// `CURLOPT_WRITEFUNCTION`: appends a chunk of the (already decoded) body.
private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let userdata else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    guard transfer.body.count + length <= transfer.maximumBodyBytes else {
        // Returning less than was offered makes libcurl stop with CURLE_WRITE_ERROR.
        transfer.exceededLimit = true
        return 0
    }
    transfer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

/// `CURLOPT_HEADERFUNCTION`: receives one complete header line at a time, status lines included.
private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let userdata else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// `CURLOPT_XFERINFOFUNCTION`: returning non-zero aborts the transfer with `CURLE_ABORTED_BY_CALLBACK`.
private func curlProgress(
    _ userdata: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t, _: curl_off_t
) -> Int32 {
    guard let userdata else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.cancellation.isCancelled ? 1 : 0
}
