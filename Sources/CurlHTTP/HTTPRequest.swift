#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.Data
#else
    public import struct Foundation.Data
#endif
#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.URL
#else
    public import struct Foundation.URL
#endif

/// A request handed to an ``HTTPTransport``.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The full URL, query included.
    public var url: URL
    /// Header fields to send.
    public var headers: HTTPHeaders
    /// The body to send, if any.
    public var body: Data?
    /// The whole transfer must finish within this many seconds.
    public var timeout: Double
    /// Establishing the connection must finish within this many seconds.
    public var connectTimeout: Double
    /// The most response body bytes accepted, after decoding (so a small compressed body cannot inflate past it);
    /// a larger answer ends the transfer with ``CurlError/Kind/responseTooLarge``.
    public var maximumResponseBytes: Int

    /// Creates a request; timeouts are in seconds.
    public init(
        method: HTTPMethod,
        url: URL,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        timeout: Double = 60,
        connectTimeout: Double = 10,
        maximumResponseBytes: Int = HTTPRequest.defaultMaximumResponseBytes
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// 32 MiB: far above any page Zoho serves, far below what would strain the process.
    public static let defaultMaximumResponseBytes = 32 << 20
}
