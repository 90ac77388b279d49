/// Which call to the Zoho accounts server failed.
public enum OAuthOperation: String, Sendable, Hashable {
    /// `grant_type=refresh_token`.
    case refresh
    /// `grant_type=authorization_code`.
    case authorizationCode
    /// `/oauth/v2/token/revoke`.
    case revoke
    /// `/oauth/v3/device/code`: starting a device sign-in.
    case deviceAuthorization
    /// `/oauth/v3/device/token`: collecting a device sign-in's tokens.
    case deviceToken

    /// The operation as the end of "when asked to …".
    var phrase: String {
        switch self {
        case .refresh: "refresh the access token"
        case .authorizationCode: "exchange the authorization code"
        case .revoke: "revoke the refresh token"
        case .deviceAuthorization: "start a device sign-in"
        case .deviceToken: "complete the device sign-in"
        }
    }
}
