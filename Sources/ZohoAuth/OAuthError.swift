/// A failure to obtain, exchange or revoke Zoho OAuth tokens.
///
/// Every message is a full sentence with the next step. None contains a client secret, refresh token, access token
/// or authorization code; accounts servers are named by scheme and host only.
public enum OAuthError: SettingAwareError {
    /// Neither the token file nor the configuration holds a refresh token.
    case missingCredentials(path: String)
    /// The token file holds a refresh token but lacks the named keys (`client_id`, `client_secret`).
    case incompleteCredentials(path: String, missingKeys: [String])
    /// Some but not all of the client ID, client secret and refresh token settings are given; lists the missing.
    case incompleteCredentialSettings(missing: [ConfigurationSetting])
    /// An authorization-code exchange has no client ID and secret to use.
    case missingClient(path: String)
    /// `invalid_code` on a refresh (or revoke): the refresh token was revoked, deleted or is from another DC.
    case refreshTokenRejected(accountsServer: String)
    /// `invalid_code` on a code exchange: the code was used, expired or is from another DC.
    case authorizationCodeRejected(accountsServer: String)
    /// `invalid_client` or `invalid_client_secret`.
    case invalidClient(accountsServer: String)
    /// Zoho's token-endpoint throttle ("Access Denied … too many requests", or HTTP 429).
    case throttled(accountsServer: String, operation: OAuthOperation)
    /// Any other non-success answer; `errorCode` is Zoho's `error` field when it was a short code.
    case requestFailed(operation: OAuthOperation, accountsServer: String, status: Int, errorCode: String?)
    /// A success status whose body is not the expected JSON.
    case malformedResponse(operation: OAuthOperation, accountsServer: String, reason: String)
    /// A code exchange succeeded but Zoho sent no refresh token.
    case noRefreshTokenReturned(accountsServer: String)
    /// A device sign-in was not approved before its code expired.
    case deviceCodeExpired(accountsServer: String)
    /// The person declined the sign-in.
    case accessDenied(accountsServer: String)
    /// The request never got an HTTP answer.
    case transport(operation: OAuthOperation, accountsServer: String, underlying: any Error)

    /// A full sentence naming the problem and the next step, with settings named by `vocabulary`.
    public func message(using vocabulary: any SettingVocabulary) -> String {
        let advice = vocabulary.signInAdvice
        let region = vocabulary.name(of: .region)
        let accounts = vocabulary.name(of: .accountsURL)
        let client = vocabulary.names(of: [.clientID, .clientSecret])
        switch self {
        case .missingCredentials(let path):
            return "No Zoho credentials: \(path) does not exist (or holds no refresh token) and "
                + "\(vocabulary.name(of: .refreshToken)) is not set. \(advice)"
        case .incompleteCredentials(let path, let missingKeys):
            return "The token file \(path) holds a refresh token but no \(missingKeys.joined(separator: " or ")). "
                + advice
        case .incompleteCredentialSettings(let missing):
            let verb = missing.count == 1 ? "is" : "are"
            let all = vocabulary.names(of: [.clientID, .clientSecret, .refreshToken])
            return "\(sentenceCased(vocabulary.names(of: missing))) \(verb) not set, but the other credential "
                + "settings are. Set all of \(all), or none of them to use the token file."
        case .missingClient(let path):
            return "No OAuth client to exchange the authorization code with: \(path) holds no client ID and secret "
                + "and none were given. Supply the client ID and secret of your Zoho API console client "
                + "(api-console.zoho.com), or set \(client)."
        case .refreshTokenRejected(let server):
            return "Zoho (\(server)) rejected the refresh token (invalid_code): it was revoked or deleted, or it "
                + "belongs to another data centre. Check that \(region) matches the data centre of your Zoho "
                + "account. \(advice)"
        case .authorizationCodeRejected(let server):
            return "Zoho (\(server)) rejected the authorization code (invalid_code): codes can be used once, expire "
                + "after a few minutes and work only in their own data centre. Generate a new code and try again "
                + "promptly, and check that \(region) matches the data centre of your Zoho account."
        case .invalidClient(let server):
            return "Zoho (\(server)) rejected the OAuth client (invalid_client): check \(client) for typos or stray "
                + "spaces, and that the client was created in this data centre (\(region))."
        case .throttled(let server, let operation):
            return "Zoho (\(server)) refused to \(operation.phrase) because too many token requests were made "
                + "recently (about 10 per 10 minutes are allowed). Wait a few minutes, then try again."
        case .requestFailed(let operation, let server, let status, let errorCode):
            let code = errorCode.map { " (\($0))" } ?? ""
            return "Zoho (\(server)) answered HTTP \(status)\(code) when asked to \(operation.phrase). Try again "
                + "later; if it keeps failing, replace the credentials. \(advice)"
        case .malformedResponse(let operation, let server, let reason):
            return "Zoho (\(server)) sent an unexpected answer when asked to \(operation.phrase): \(reason). Check "
                + "that \(region) or \(accounts) leads to a Zoho accounts server, then try again."
        case .noRefreshTokenReturned(let server):
            return "Zoho (\(server)) exchanged the authorization code but returned no refresh token. Request the "
                + "code with access_type=offline (and prompt=consent for a new refresh token), then try again."
        case .deviceCodeExpired(let server):
            return "The device sign-in at \(server) expired before it was approved. Start it again and enter the "
                + "code promptly."
        case .accessDenied(let server):
            return "Zoho (\(server)) reports that the sign-in was declined. Start it again and approve the request."
        case .transport(let operation, let server, let underlying):
            let detail = "\(underlying)"
            let sentence = detail.hasSuffix(".") ? detail : detail + "."
            return "Could not reach the Zoho accounts server \(server) to \(operation.phrase): \(sentence) "
                + "Check the network connection and \(region) or \(accounts), then try again."
        }
    }
}
