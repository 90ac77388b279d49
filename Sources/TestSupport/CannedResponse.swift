public import Foundation

/// What ``FakeHTTPServer`` answers.
public struct CannedResponse: Sendable {
    /// The HTTP status.
    public var status: Int = 200
    /// Header fields to send, by name.
    public var headers: [String: String] = [:]
    /// The body to send.
    public var body: Data = Data()

    /// Creates a response from its parts.
    public init(status: Int = 200, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `text` in UTF-8.
    public static func text(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> CannedResponse {
        CannedResponse(status: status, headers: headers, body: Data(text.utf8))
    }
}
