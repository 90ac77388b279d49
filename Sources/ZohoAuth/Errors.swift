/// The next step offered whenever the token file cannot be used as it is.
let tokenFileRemedy =
    "fix it, or move it away and sign in again with `zoho-billing-mcp auth login`, "
    + "or set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN"

/// A problem with the token file or its lock file. Descriptions name the path and the fix, never file contents.
public enum TokenStoreError: Error, CustomStringConvertible, Sendable {
    /// The file exists but is not a JSON object of the expected shape. It is never rewritten or replaced.
    case corrupt(path: String, reason: String)
    /// The file exists but could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file, its directory or a temporary file beside it could not be written.
    case unwritable(path: String, reason: String)
    /// The lock file beside the token file could not be created or locked.
    case lockFailed(path: String, reason: String)

    /// A full sentence naming the problem and the next step.
    public var description: String {
        switch self {
        case .corrupt(let path, let reason):
            "The token file \(path) is not usable: \(reason). It was left untouched; \(tokenFileRemedy)."
        case .unreadable(let path, let reason):
            "Could not read the token file \(path): \(reason). Check that you own it and can read it; "
                + "\(tokenFileRemedy)."
        case .unwritable(let path, let reason):
            "Could not write the token file \(path): \(reason). Check that its directory exists and is writable "
                + "by you, or choose another path with ZOHO_TOKEN_FILE."
        case .lockFailed(let path, let reason):
            "Could not lock \(path), which keeps several zoho-billing-mcp processes from refreshing at once: "
                + "\(reason). Check that its directory is writable by you, or choose another path with "
                + "ZOHO_TOKEN_FILE."
        }
    }
}

/// Which call to the Zoho accounts server failed.
public enum OAuthOperation: String, Sendable, Hashable {
    /// `grant_type=refresh_token`.
    case refresh
    /// `grant_type=authorization_code`.
    case authorizationCode
    /// `/oauth/v2/token/revoke`.
    case revoke

    /// The operation as the end of "when asked to …".
    var phrase: String {
        switch self {
        case .refresh: "refresh the access token"
        case .authorizationCode: "exchange the authorization code"
        case .revoke: "revoke the refresh token"
        }
    }
}

/// A failure to obtain, exchange or revoke Zoho OAuth tokens.
///
/// Every description is a full sentence with the next step. None contains a client secret, refresh token,
/// access token or authorization code; accounts servers are named by scheme and host only.
public enum OAuthError: Error, CustomStringConvertible, Sendable {
    /// Neither the token file nor the environment holds a refresh token.
    case missingCredentials(path: String)
    /// The token file holds a refresh token but lacks the named keys (`client_id`, `client_secret`).
    case incompleteCredentials(path: String, missingKeys: [String])
    /// Some but not all of the three credential environment variables are set; names the missing ones.
    case incompleteEnvironment(missing: [String])
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
    /// The request never got an HTTP answer.
    case transport(operation: OAuthOperation, accountsServer: String, underlying: any Error)

    /// A full sentence naming the problem and the next step.
    public var description: String {
        switch self {
        case .missingCredentials(let path):
            return "No Zoho credentials: \(path) does not exist (or holds no refresh token) and ZOHO_REFRESH_TOKEN "
                + "is not set. Run `zoho-billing-mcp auth login`, or set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and "
                + "ZOHO_REFRESH_TOKEN."
        case .incompleteCredentials(let path, let missingKeys):
            return "The token file \(path) holds a refresh token but no \(missingKeys.joined(separator: " or ")). "
                + "Run `zoho-billing-mcp auth login` again, or set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and "
                + "ZOHO_REFRESH_TOKEN."
        case .incompleteEnvironment(let missing):
            let verb = missing.count == 1 ? "is" : "are"
            return "\(missing.joined(separator: " and ")) \(verb) not set, but the other Zoho credential variables "
                + "are. Set all of ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN, or none of them to "
                + "use the token file."
        case .missingClient(let path):
            return "No OAuth client to exchange the authorization code with: \(path) holds no client ID and secret "
                + "and none were given. Pass the client ID and secret of your Zoho API console client "
                + "(api-console.zoho.com), or set ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET."
        case .refreshTokenRejected(let server):
            return "Zoho (\(server)) rejected the refresh token (invalid_code): it was revoked or deleted, or it "
                + "belongs to another data centre. Sign in again with `zoho-billing-mcp auth login` (or set a new "
                + "ZOHO_REFRESH_TOKEN), and check that ZOHO_REGION matches the data centre of your Zoho account."
        case .authorizationCodeRejected(let server):
            return "Zoho (\(server)) rejected the authorization code (invalid_code): codes can be used once, expire "
                + "after a few minutes and work only in their own data centre. Generate a new code and try again "
                + "promptly, and check that ZOHO_REGION matches the data centre of your Zoho account."
        case .invalidClient(let server):
            return "Zoho (\(server)) rejected the OAuth client (invalid_client): check ZOHO_CLIENT_ID and "
                + "ZOHO_CLIENT_SECRET for typos or stray spaces, and that the client was created in this data "
                + "centre (ZOHO_REGION)."
        case .throttled(let server, let operation):
            return "Zoho (\(server)) refused to \(operation.phrase) because too many token requests were made "
                + "recently (about 10 per 10 minutes are allowed). Wait a few minutes, then try again."
        case .requestFailed(let operation, let server, let status, let errorCode):
            let code = errorCode.map { " (\($0))" } ?? ""
            return "Zoho (\(server)) answered HTTP \(status)\(code) when asked to \(operation.phrase). Try again "
                + "later; if it keeps failing, sign in again with `zoho-billing-mcp auth login`."
        case .malformedResponse(let operation, let server, let reason):
            return "Zoho (\(server)) sent an unexpected answer when asked to \(operation.phrase): \(reason). Check "
                + "that ZOHO_ACCOUNTS_URL or ZOHO_REGION points at a Zoho accounts server, then try again."
        case .noRefreshTokenReturned(let server):
            return "Zoho (\(server)) exchanged the authorization code but returned no refresh token. Request the "
                + "code with access_type=offline (and prompt=consent for a new refresh token), then try again."
        case .transport(let operation, let server, let underlying):
            let detail = "\(underlying)"
            let sentence = detail.hasSuffix(".") ? detail : detail + "."
            return "Could not reach the Zoho accounts server \(server) to \(operation.phrase): \(sentence) "
                + "Check the network connection and ZOHO_REGION or ZOHO_ACCOUNTS_URL, then try again."
        }
    }
}

/// A region name that is not one of Zoho's data centres.
public struct UnknownRegionError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The name as given.
    public let name: String

    /// Creates a value from its parts.
    public init(name: String) {
        self.name = name
    }

    /// A full sentence naming the problem and the next step.
    public var description: String {
        let names = ZohoRegion.allCases.map(\.rawValue).joined(separator: ", ")
        return "Unknown Zoho region \"\(name)\". Use one of \(names) (the data centre of your Zoho account; "
            + "set it with ZOHO_REGION)."
    }
}
