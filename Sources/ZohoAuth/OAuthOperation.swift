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
