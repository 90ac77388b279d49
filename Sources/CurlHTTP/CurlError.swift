/// A transport failure from ``CurlHTTPTransport``: the request never produced an HTTP response.
///
/// HTTP error statuses (4xx, 5xx) are not `CurlError`s; they come back as an ``HTTPResponse``.
/// The ``description`` is a full sentence with the next step. It names the URL's scheme and host,
/// never its query string, header values or bodies.
public struct CurlError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, coarse enough to switch on.
    public enum Kind: Sendable, Hashable {
        /// The URL is not https, and not http to a loopback host; nothing was sent.
        case insecureURL
        /// The URL could not be parsed or names no host; nothing was sent.
        case invalidURL
        /// A header name or value is malformed (a line break, NUL or colon where none may be); nothing was sent.
        case invalidRequest
        /// The host name could not be resolved.
        case couldNotResolveHost
        /// The host was resolved but refused or did not accept the connection.
        case couldNotConnect
        /// The connect timeout or the total timeout of the request elapsed.
        case timedOut
        /// The TLS handshake or certificate verification failed.
        case tlsFailure
        /// The connection broke before a complete response arrived.
        case connectionLost
        /// The response body grew past the request's limit and the transfer was stopped.
        case responseTooLarge
        /// Any other libcurl failure; ``CurlError/code`` says which.
        case other
    }

    /// The category of the failure.
    public let kind: Kind
    /// The raw `CURLcode` value. Failures found before libcurl ran use the code libcurl would have
    /// reported: 1 (`CURLE_UNSUPPORTED_PROTOCOL`) for an insecure URL, 3 (`CURLE_URL_MALFORMAT`) for
    /// an unusable URL and 43 (`CURLE_BAD_FUNCTION_ARGUMENT`) for a malformed header.
    public let code: Int
    /// The URL's host as libcurl parsed it (empty when there is none); never the path or query.
    public let host: String
    /// The URL's scheme, lowercased.
    public let scheme: String
    /// libcurl's own explanation: `curl_easy_strerror` plus the `CURLOPT_ERRORBUFFER` text.
    public let detail: String
    /// Seconds the transfer ran before failing, when libcurl reported it.
    public let elapsed: Double?
    /// The request's connect timeout, in seconds.
    public let connectTimeout: Double
    /// The request's total timeout, in seconds.
    public let timeout: Double
    /// The request's response size limit, in bytes.
    public var responseLimit = HTTPRequest.defaultMaximumResponseBytes

    init(
        kind: Kind,
        code: Int,
        scheme: String,
        host: String,
        detail: String,
        elapsed: Double? = nil,
        connectTimeout: Double,
        timeout: Double
    ) {
        self.kind = kind
        self.code = code
        self.scheme = scheme
        self.host = host
        self.detail = detail
        self.elapsed = elapsed
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// A complete sentence naming the host and the next step.
    public var description: String {
        let target = host.isEmpty ? "the server" : host
        let reason = detail.isEmpty ? "" : ": \(detail)"
        switch kind {
        case .insecureURL:
            return "Refused to send a request over \(scheme.isEmpty ? "an unknown scheme" : scheme) to \(target):"
                + " only https is allowed, or http to a loopback host (127.0.0.0/8, localhost, [::1])."
                + " Use an https URL."
        case .invalidURL:
            return "The request URL could not be used\(reason). Check that it is an absolute https URL with a host."
        case .invalidRequest:
            return "The request to \(target) was not sent\(reason). Remove line breaks and colons from header names"
                + " and line breaks from header values."
        case .couldNotResolveHost:
            return "Could not resolve the host \(target)\(reason) (libcurl error \(code))."
                + " Check the host name and the network's DNS settings."
        case .couldNotConnect:
            return "Could not connect to \(target)\(reason) (libcurl error \(code))."
                + " Check that the server is running and reachable from this machine."
        case .timedOut:
            let after = elapsed.map { " after \(Self.seconds($0))" } ?? ""
            return "The request to \(target) timed out\(after) (limits: \(Self.seconds(connectTimeout)) to connect,"
                + " \(Self.seconds(timeout)) in total). Check the network or raise the timeout."
        case .tlsFailure:
            return "The secure connection to \(target) failed\(reason) (libcurl error \(code))."
                + " Check the system's CA certificates and clock, and any proxy that intercepts TLS."
        case .connectionLost:
            return "The connection to \(target) broke before a complete response arrived\(reason)"
                + " (libcurl error \(code)). Retry the request."
        case .responseTooLarge:
            return "The answer from \(target) was larger than the \(Self.size(responseLimit)) allowed, so the"
                + " transfer was stopped. Ask for less at once (a smaller page, narrower filters)."
        case .other:
            return "The request to \(target) failed\(reason) (libcurl error \(code))."
                + " Retry the request, or turn on verbose transport logging to see the exchange."
        }
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    private static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0, value < 1e9 else { return "no limit" }
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) s"
    }
}
