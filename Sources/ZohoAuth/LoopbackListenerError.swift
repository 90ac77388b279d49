/// Why the loopback listener produced no authorization code.
public enum LoopbackListenerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The socket could not be opened or bound (the chosen port is taken, say).
    case cannotListen(port: UInt16, reason: String)
    /// No redirect arrived in time.
    case timedOut(seconds: Int)
    /// A request reached the redirect path with a `state` this sign-in did not issue.
    case stateMismatch
    /// Zoho redirected with an `error` (the user pressed Deny, or the client is misconfigured).
    case denied(error: String)
    /// The redirect carried neither a code nor an error.
    case missingCode

    /// A full sentence with the next step.
    public var description: String {
        switch self {
        case .cannotListen(let port, let reason):
            let which = port == 0 ? "an ephemeral port" : "port \(port)"
            return "Could not listen on 127.0.0.1 (\(which)) for the sign-in redirect: \(reason). Choose another "
                + "port, or sign in with a device code or a Self Client code instead."
        case .timedOut(let seconds):
            return "No sign-in redirect arrived within \(seconds) seconds. Run the sign-in again and finish it in the "
                + "browser, or use a device code on a machine without a browser."
        case .stateMismatch:
            return "Refused a sign-in redirect whose state does not match the one this sign-in sent; it did not come "
                + "from this sign-in. Start the sign-in again."
        case .denied(let error):
            let code = error.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" } ? error : "error"
            return "Zoho did not grant access (\(code)). Approve the request in the browser, and check that the "
                + "client's redirect URI matches the one shown."
        case .missingCode:
            return "The sign-in redirect carried no authorization code. Start the sign-in again."
        }
    }
}
