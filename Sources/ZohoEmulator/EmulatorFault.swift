#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import JSONCore

/// A canned answer that replaces the emulator's normal response to the next matching request.
///
/// Faults wait in a queue; each request takes the first fault that matches it, and a taken fault is gone.
/// Without a ``pathPrefix`` a fault matches any request except those under `/oauth`, so a fault meant for the API
/// never disturbs token refreshes; give `pathPrefix: "/oauth"` to fault the token endpoint.
public struct EmulatorFault: Sendable, Hashable {
    /// The HTTP status to answer with.
    public var status: Int
    /// The body to answer with.
    public var body: Data
    /// Extra response headers, for example `Retry-After`.
    public var headers: [String: String]
    /// Only requests whose path starts with this match; `nil` matches every path outside `/oauth`.
    public var pathPrefix: String?
    /// Only requests with this HTTP method match; `nil` matches any method.
    public var method: String?
    /// How long to wait before answering, for timeout and cancellation tests.
    public var delay: Duration?
    /// When true the request is answered normally after ``delay``; ``status`` and ``body`` are ignored.
    public var passesThrough: Bool

    /// Creates a fault with a raw body.
    public init(
        status: Int,
        body: Data = Data(),
        headers: [String: String] = [:],
        pathPrefix: String? = nil,
        method: String? = nil,
        delay: Duration? = nil
    ) {
        self.status = status
        self.body = body
        self.headers = headers
        self.pathPrefix = pathPrefix
        self.method = method?.uppercased()
        self.delay = delay
        self.passesThrough = false
    }

    /// Creates a fault whose body is Zoho's error envelope, `{"code":…,"message":"…"}`.
    public init(
        status: Int,
        code: Int,
        message: String,
        headers: [String: String] = [:],
        pathPrefix: String? = nil,
        method: String? = nil,
        delay: Duration? = nil
    ) {
        let body = JSONValue.object(["code": .int(code), "message": .string(message)]).serializedData()
        self.init(
            status: status, body: body, headers: headers, pathPrefix: pathPrefix, method: method, delay: delay)
    }

    /// A fault that only slows the next matching request down by `delay` and then answers it normally.
    public static func slow(by delay: Duration, pathPrefix: String? = nil, method: String? = nil) -> EmulatorFault {
        var fault = EmulatorFault(status: 200, pathPrefix: pathPrefix, method: method, delay: delay)
        fault.passesThrough = true
        return fault
    }

    /// HTTP 429 with Zoho's rate-limit body (code 44) and an optional `Retry-After` header.
    public static func rateLimited(retryAfterSeconds: Int? = nil, pathPrefix: String? = nil) -> EmulatorFault {
        EmulatorFault(
            status: 429, code: 44,
            message: "You have made too many requests in a short time. Please try again after some time.",
            headers: retryAfterSeconds.map { ["Retry-After": String($0)] } ?? [:], pathPrefix: pathPrefix)
    }

    /// HTTP 500 with Zoho's internal-error body (code 1000).
    public static func serverError(pathPrefix: String? = nil) -> EmulatorFault {
        EmulatorFault(
            status: 500, code: ZohoErrorCode.internalError, message: "Internal Error", pathPrefix: pathPrefix)
    }

    /// Whether this fault applies to `request`.
    func matches(_ request: EmulatorRequest) -> Bool {
        if let method, method != request.method { return false }
        if let pathPrefix { return request.path.hasPrefix(pathPrefix) }
        return !request.path.hasPrefix("/oauth")
    }

    /// The response this fault stands for.
    var response: EmulatorResponse {
        var allHeaders = ["Content-Type": "application/json;charset=UTF-8"]
        for (name, value) in headers { allHeaders[name] = value }
        return EmulatorResponse(status: status, headers: allHeaders, body: body)
    }
}
