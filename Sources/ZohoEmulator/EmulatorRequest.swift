#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import CurlHTTP

/// An HTTP request as the emulator sees it, independent of any HTTP server.
public struct EmulatorRequest: Sendable, Hashable {
    /// The HTTP method in upper case, for example `GET`.
    public var method: String
    /// The path without the query, for example `/billing/v1/invoices` or `/oauth/v2/token`.
    public var path: String
    /// The decoded query parameters, in the order they were sent.
    public var query: [EmulatorQueryItem]
    /// The request headers, keyed by lower-cased name.
    public var headers: [String: String]
    /// The raw request body.
    public var body: Data

    /// Creates a request; header names are lower-cased and the method upper-cased.
    ///
    /// A `path` that still carries a query string (`/billing/v1/invoices?page=2`) is split, and its parameters are
    /// placed before those in `query`.
    public init(
        method: String,
        path: String,
        query: [EmulatorQueryItem] = [],
        headers: [String: String] = [:],
        body: Data = Data()
    ) {
        self.method = method.uppercased()
        if let mark = path.firstIndex(of: "?") {
            self.path = String(path[..<mark])
            self.query = EmulatorRequest.decodeForm(String(path[path.index(after: mark)...])) + query
        } else {
            self.path = path
            self.query = query
        }
        var lowered: [String: String] = [:]
        for (name, value) in headers where lowered[name.lowercased()] == nil {
            lowered[name.lowercased()] = value
        }
        self.headers = lowered
        self.body = body
    }

    /// The value of the named header, matched without regard to case.
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        if let value = headers[key] { return value }
        return headers.first { $0.key.lowercased() == key }?.value
    }

    /// The first value of the named query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Decodes `application/x-www-form-urlencoded` text (`a=1&b=two+words`) into ordered items.
    ///
    /// `+` stands for a space, as servlet containers such as Zoho's treat it.
    public static func decodeForm(_ text: String) -> [EmulatorQueryItem] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                PercentEncoding.decode(String(part).replacing("+", with: " "))
            }
            return EmulatorQueryItem(name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
