/// Something that can carry one HTTP exchange. The real one is ``CurlHTTPTransport``.
public protocol HTTPTransport: Sendable {
    /// Sends the request and waits for the whole response.
    /// - Throws: ``CurlError`` for transport failures, `CancellationError` when the task is cancelled.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
