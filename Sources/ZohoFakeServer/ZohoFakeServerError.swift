/// Why a ``ZohoFakeServer`` could not start.
public enum ZohoFakeServerError: Error, CustomStringConvertible, Sendable {
    /// ``ZohoFakeServer/start()`` was called while the server was already starting or running.
    case alreadyStarted
    /// The listening socket could not be opened or bound.
    case couldNotListen(String)

    /// A sentence describing the failure and what to do.
    public var description: String {
        switch self {
        case .alreadyStarted:
            return "The fake Zoho server is already running. Call stop() before starting it again."
        case .couldNotListen(let reason):
            return "The fake Zoho server could not listen on 127.0.0.1: \(reason)"
        }
    }
}
