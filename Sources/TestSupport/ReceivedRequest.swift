public import Foundation

/// A request as ``FakeHTTPServer`` received it, in plain types so tests need not import FlyingFox
/// (whose `HTTPRequest`, `HTTPResponse` and `HTTPHeaders` clash with CurlHTTP's).
public struct ReceivedRequest: Sendable {
    /// The method, as sent (`GET`).
    public var method: String
    /// The path without the query, as the server library reports it (dot segments resolved).
    public var path: String
    /// The path exactly as it arrived on the wire, still percent-encoded.
    public var rawPath: String = ""
    /// The query parameters; when a name repeats, the first value wins.
    public var query: [String: String]
    /// Header values keyed by lowercased name; repeated fields are joined with ", ".
    public var headers: [String: String]
    /// The raw body.
    public var body: Data
    /// The client's TCP port: one port per connection, so distinct ports count connections.
    public var clientPort: UInt16?

    /// The named header's value, looked up case-insensitively.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
