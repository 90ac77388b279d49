import CurlHTTP
import Synchronization

/// Passes requests through and remembers whether a request that changes data failed in transit: the
/// connection broke or timed out after the request may have reached Zoho, so its outcome is unknown.
final class TrackingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let failedInTransit = Mutex(false)

    init(base: any HTTPTransport) {
        self.base = base
    }

    /// Whether a request other than GET failed in transit (not by cancellation).
    var outcomeUnknown: Bool { failedInTransit.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await base.send(request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if request.method != .get && TrackingTransport.mayHaveBeenSent(error) {
                failedInTransit.withLock { $0 = true }
            }
            throw error
        }
    }

    /// Whether the request may have reached Zoho before the failure. Failures that happen before a connection
    /// carries the request (a refused URL, a name that does not resolve, a refused connection, a failed TLS
    /// handshake) mean nothing was sent; anything else, a timeout included, leaves it open.
    static func mayHaveBeenSent(_ error: any Error) -> Bool {
        guard let curlError = error as? CurlError else { return true }
        switch curlError.kind {
        case .insecureURL, .invalidURL, .invalidRequest, .couldNotResolveHost, .couldNotConnect, .tlsFailure:
            return false
        case .timedOut, .connectionLost, .responseTooLarge, .other:
            return true
        }
    }
}
