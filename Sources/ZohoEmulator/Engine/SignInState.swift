/// The emulated accounts server's sign-ins in progress: codes issued through the browser flow or registered as
/// Self Client codes, and device sign-ins waiting for approval.
struct SignInState {
    /// An authorization code and what its exchange must present.
    struct IssuedCode {
        /// The redirect URI the code was issued for; the exchange must send the same. Nil for Self Client codes.
        var redirectURI: String?
        /// The PKCE S256 challenge; the exchange's verifier must hash to it.
        var challenge: String?
        var scopes: [String]
    }

    /// A device sign-in.
    struct DeviceSignIn {
        var userCode: String
        var scopes: [String]
        var expiresAt: ContinuousClock.Instant
        var lastPoll: ContinuousClock.Instant?
        var approved = false
    }

    var codes: [String: IssuedCode] = [:]
    /// Keyed by device code.
    var devices: [String: DeviceSignIn] = [:]

    mutating func approve(userCode: String) -> Bool {
        let wanted = userCode.uppercased().filter { $0 != "-" && $0 != " " }
        guard let key = devices.first(where: { $0.value.userCode.filter { $0 != "-" } == wanted })?.key else {
            return false
        }
        devices[key]?.approved = true
        return true
    }
}
