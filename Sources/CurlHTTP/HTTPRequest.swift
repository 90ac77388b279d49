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

/// An HTTP method used by the Zoho APIs.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
}

/// One HTTP header field; names compare case-insensitively through ``HTTPHeaders``.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name as sent.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An ordered list of header fields with case-insensitive lookup.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were added.
    public private(set) var fields: [HTTPHeader]

    /// Creates headers from fields, keeping their order.
    public init(_ fields: [HTTPHeader] = []) {
        self.fields = fields
    }

    /// Creates headers from `name: value` pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { HTTPHeader(name: $0.0, value: $0.1) }
    }

    /// The first value of the named field, if present.
    public subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    /// Appends a field without replacing existing ones of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(HTTPHeader(name: name, value: value))
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[HTTPHeader]> {
        fields.makeIterator()
    }
}

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

    /// Creates a request; timeouts are in seconds.
    public init(
        method: HTTPMethod,
        url: URL,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        timeout: Double = 60,
        connectTimeout: Double = 10
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }
}

/// A complete response: status, header fields of the final response, and the decoded body.
public struct HTTPResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The header fields of the final response.
    public var headers: HTTPHeaders
    /// The body, already decoded from gzip or deflate.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Something that can carry one HTTP exchange. The real one is ``CurlHTTPTransport``.
public protocol HTTPTransport: Sendable {
    /// Sends the request and waits for the whole response.
    /// - Throws: ``CurlError`` for transport failures, `CancellationError` when the task is cancelled.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
