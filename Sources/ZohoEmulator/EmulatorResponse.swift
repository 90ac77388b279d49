#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The emulator's answer: an HTTP status, headers and a body (JSON for every route it serves).
public struct EmulatorResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// Response headers; the emulator always sets `Content-Type`.
    public var headers: [String: String]
    /// The response body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text, convenient in tests.
    public var text: String {
        String(decoding: body, as: UTF8.self)
    }
}
