package import CurlHTTP
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
package import JSONCore
package import Logging

/// Sends Zoho requests for one product: API root, organization, OAuth header, JSON bodies and Zoho's envelope.
package struct ZohoClient: Sendable {
    package var apiBaseURL: String
    package var organizationPlacement: OrganizationPlacement
    package var transport: any HTTPTransport
    package var tokens: any AccessTokenSource
    package var timeout: Double
    /// The largest answer accepted from Zoho, in bytes after decoding.
    package var maximumResponseBytes = HTTPRequest.defaultMaximumResponseBytes
    package var limiter: RequestLimiter
    package var retries: RetryPolicy
    /// Counts requests per organization across the machine's processes and shares daily-cap refusals; nil
    /// counts nothing.
    package var usage: APIUsageMeter?
    package var logger: Logger

    package init(
        apiBaseURL: String, organizationPlacement: OrganizationPlacement, transport: any HTTPTransport,
        tokens: any AccessTokenSource, timeout: Double = 60,
        limiter: RequestLimiter = RequestLimiter(configuration: .off),
        retries: RetryPolicy = .none, usage: APIUsageMeter? = nil, logger: Logger
    ) {
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        self.organizationPlacement = organizationPlacement
        self.transport = transport
        self.tokens = tokens
        self.timeout = timeout
        self.limiter = limiter
        self.retries = retries
        self.usage = usage
        self.logger = logger
    }

    /// Sends the request and returns Zoho's parsed body when it reports success (`code` 0).
    ///
    /// Every send waits for the organization's ``RequestLimiter``. A 401 triggers one token refresh and one retry.
    /// Other failures are retried as ``RetryPolicy`` allows: a GET after a rate limit, a 5xx, a lost connection or
    /// a timeout; a write only when Zoho's answer says it refused the request unprocessed (code 1070). A create
    /// that timed out may have been applied, and repeating it could bill a customer twice.
    /// - Throws: ``ZohoAPIError`` for Zoho's errors (including HTTP 200 with a non-zero code),
    ///   ``ZohoClientError`` for transport and credential problems, ``RequestLimiter/QuotaExhausted``,
    ///   `CancellationError`.
    package func send(_ request: ZohoRequest, organizationID: String?) async throws -> ZohoResponse {
        let limiterKey = organizationID ?? ""
        let clock = ContinuousClock()
        let started = clock.now
        var attempt = 0
        while true {
            attempt += 1
            // Another process may have met the daily cap; its refusal holds here too.
            if let until = usage?.dailyCapRefusal(organizationID: limiterKey) {
                limiter.refuseUntil(until, organizationID: limiterKey)
            }
            try await limiter.acquire(limiterKey)
            let sent: Result<HTTPResponse, any Error>
            do {
                sent = .success(try await sendAuthorized(request, organizationID: organizationID))
            } catch {
                sent = .failure(error)
            }
            limiter.release(limiterKey)
            RequestTally.current?.count()

            let delay: Duration
            switch sent {
            case .success(let response):
                do {
                    let envelope = try ZohoClient.decodeEnvelope(
                        response, rows: request.rowFields, summary: request.summaryFields)
                    return ZohoResponse(
                        status: response.status, body: envelope.body, verbatim: envelope.verbatim, rows: envelope.rows)
                } catch var error as ZohoAPIError {
                    error.attempts = attempt
                    error.retryAfter = ZohoClient.retryAfter(response)
                    if error.isDailyLimit {
                        let reset = ZohoClient.quotaReset(after: error.retryAfter)
                        limiter.refuseUntil(reset, organizationID: limiterKey)
                        usage?.recordDailyCap(organizationID: limiterKey, until: reset)
                        throw error
                    }
                    guard let wait = retryDelay(for: error, request: request, attempt: attempt) else { throw error }
                    if error.isPerMinuteLimit { limiter.pause(limiterKey, for: wait) }
                    delay = wait
                    guard clock.now - started + delay < retries.budget else { throw error }
                    logger.notice(
                        "Zoho refused a request; retrying",
                        metadata: [
                            "path": "\(request.path)", "status": "\(error.status)", "code": "\(error.code ?? 0)",
                            "attempt": "\(attempt)", "wait": "\(delay)",
                        ])
                }
            case .failure(let error):
                if error is CancellationError { throw error }
                guard request.method == .get, ZohoClient.isPassing(error), attempt < retries.maximumAttempts else {
                    throw ZohoClient.describe(error, of: request, attempts: attempt)
                }
                delay = retries.backoff(afterAttempt: attempt)
                guard clock.now - started + delay < retries.budget else {
                    throw ZohoClient.describe(error, of: request, attempts: attempt)
                }
                logger.notice(
                    "A request to Zoho failed; retrying",
                    metadata: ["path": "\(request.path)", "attempt": "\(attempt)", "error": "\(error)"])
            }
            try await Task.sleep(for: delay)
        }
    }

    /// The wait before sending again after Zoho refused, or nil when this refusal is final.
    private func retryDelay(for error: ZohoAPIError, request: ZohoRequest, attempt: Int) -> Duration? {
        guard attempt < retries.maximumAttempts else { return nil }
        let refusedUnprocessed = error.isConcurrencyLimit
        let passing = error.isPerMinuteLimit || error.isConcurrencyLimit || (500..<600).contains(error.status)
        guard passing, request.method == .get || refusedUnprocessed else { return nil }
        return error.retryAfter ?? retries.backoff(afterAttempt: attempt)
    }

    /// Sends once with the current token; a 401 refreshes it and sends once more.
    private func sendAuthorized(_ request: ZohoRequest, organizationID: String?) async throws -> HTTPResponse {
        let token = try await tokens.accessToken()
        let response = try await perform(request, organizationID: organizationID, token: token)
        guard response.status == 401 else { return response }
        logger.debug("Zoho rejected the access token; refreshing once", metadata: ["path": "\(request.path)"])
        let replacement = try await tokens.accessToken(replacing: token)
        RequestTally.current?.count()
        return try await perform(request, organizationID: organizationID, token: replacement)
    }

    /// Failures of the connection that may pass: a timeout, a lost or refused connection.
    private static func isPassing(_ error: any Error) -> Bool {
        guard let curl = error as? CurlError else { return false }
        return [.timedOut, .connectionLost, .couldNotConnect].contains(curl.kind)
    }

    private static func describe(_ error: any Error, of request: ZohoRequest, attempts: Int) -> any Error {
        guard error is CurlError else { return error }
        var message = "Could not complete the call to Zoho (\(request.method.rawValue) \(request.path)): \(error)"
        if attempts > 1 { message += " (\(attempts) attempts)" }
        if request.method != .get {
            message += " The change may still have been applied; check its current state before trying again."
        }
        return ZohoClientError(message)
    }

    /// `Retry-After` in seconds; Zoho sends none that is documented, so an HTTP date or nonsense is ignored.
    private static func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let text = response.headers["Retry-After"], let seconds = Int(text), seconds >= 0
        else { return nil }
        return .seconds(min(seconds, 3600))
    }

    /// When a spent daily quota is taken to be back: when Zoho said, else the next midnight UTC (Zoho does not
    /// document the hour its daily count restarts).
    private static func quotaReset(after retryAfter: Duration?) -> Date {
        if let retryAfter { return Date().addingTimeInterval(Double(retryAfter.components.seconds)) }
        let day = 86_400.0
        let now = Date().timeIntervalSince1970
        return Date(timeIntervalSince1970: (now / day).rounded(.down) * day + day)
    }

    private func perform(_ request: ZohoRequest, organizationID: String?, token: String) async throws -> HTTPResponse {
        var routed = request
        var headers: HTTPHeaders = [
            "Authorization": "Zoho-oauthtoken \(token)",
            "Accept": "application/json",
        ]
        if request.needsOrganization, let organizationID {
            switch organizationPlacement {
            case .header(let name): headers.add(name: name, value: organizationID)
            case .query(let name): routed.query.append(.init(name: name, value: organizationID))
            }
        }
        var urlText = apiBaseURL + routed.path
        let query = routed.encodedQuery
        if !query.isEmpty { urlText += "?" + query }
        guard let url = URL(string: urlText) else {
            throw ZohoClientError("The API address \(apiBaseURL) does not form a valid URL with \(request.path).")
        }
        var body: Data? = nil
        if let json = request.body {
            headers.add(name: "Content-Type", value: "application/json;charset=UTF-8")
            body = json.serializedData()
        }
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await transport.send(
                HTTPRequest(
                    method: request.method, url: url, headers: headers, body: body, timeout: timeout,
                    maximumResponseBytes: maximumResponseBytes))
        } catch {
            // A request that never left cannot count against Zoho's limits; any other failure may have.
            if (error as? CurlError)?.kind != .couldNotConnect {
                usage?.record(organizationID: organizationID ?? "")
            }
            throw error
        }
        usage?.record(organizationID: organizationID ?? "")
        logger.debug(
            "Zoho call",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(request.path)", "status": "\(response.status)",
                "duration": "\(ContinuousClock.now - started)",
            ])
        return response
    }

    /// Parses Zoho's envelope; any HTTP error or non-zero `code` becomes a ``ZohoAPIError``. The body's text is
    /// kept beside the value, so results can pass Zoho's JSON on without writing it again. With `rows`, the list's
    /// rows are read by position into `rows` instead, and the body holds the rest of the envelope.
    package static func decodeEnvelope(
        _ response: HTTPResponse, rows: RowFieldSelection? = nil, summary: MemberFieldSelection? = nil
    ) throws -> (
        body: JSONValue, verbatim: VerbatimJSONObject?, rows: JSONRowTable?
    ) {
        let parsed: (value: JSONValue, verbatim: VerbatimJSONObject?, rows: JSONRowTable?)?
        if let rows {
            parsed = (try? JSONParser.parseRows(response.body, rows)).map { ($0.value, nil, $0.rows) }
        } else {
            parsed = (try? JSONParser.parseKeepingText(response.body, summary: summary)).map {
                ($0.value, $0.verbatim, nil)
            }
        }
        guard let parsed, case .object(let members) = parsed.value else {
            let snippet = String(decoding: response.body.prefix(160), as: UTF8.self)
                .replacing("\n", with: " ")
            let message =
                response.body.isEmpty ? "an empty body instead of JSON" : "a body that is not Zoho's JSON: \(snippet)"
            throw ZohoAPIError(status: response.status, code: nil, message: "Zoho sent \(message)")
        }
        let code = members["code"]?.numberValue?.intValue
        let message = members["message"]?.stringValue ?? members["error"]?.stringValue ?? ""
        guard (200..<300).contains(response.status), code == 0 || (code == nil && members["error"] == nil) else {
            throw ZohoAPIError(status: response.status, code: code, message: message)
        }
        return (parsed.value, parsed.verbatim, parsed.rows)
    }
}
