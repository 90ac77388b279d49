#if canImport(FoundationEssentials)
    public import struct FoundationEssentials.Data
#else
    public import struct Foundation.Data
#endif

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
