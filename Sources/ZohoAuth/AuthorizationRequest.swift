#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import CurlHTTP
import PlatformSupport

/// The browser half of the authorization-code flow: the `/oauth/v2/auth` URL and what the redirect must carry back.
public struct AuthorizationRequest: Sendable {
    /// The OAuth client the user authorizes.
    public var clientID: String
    /// Where Zoho sends the browser afterwards: the loopback listener.
    public var redirectURI: String
    /// The scopes asked for.
    public var scopes: [String]
    /// An unguessable value the redirect must echo, so that a redirect this program did not start is refused.
    public let state: String
    /// The PKCE pair whose verifier the code exchange must present.
    public let pkce: PKCE

    /// A request with a fresh `state` and PKCE pair.
    public init(clientID: String, redirectURI: String, scopes: [String]) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.state = Base64URL.random(byteCount: 24)
        self.pkce = PKCE()
    }

    /// `GET {accounts}/oauth/v2/auth?…`, asking for a refresh token (`access_type=offline`) and for consent even
    /// when granted before (`prompt=consent`), without which Zoho issues no new refresh token.
    public func url(accountsURL: URL) -> URL {
        let base = TokenEndpoint.endpoint(accountsURL, "oauth/v2/auth").absoluteString
        let query = PercentEncoding.form([
            ("response_type", "code"),
            ("client_id", clientID),
            ("scope", scopes.joined(separator: ",")),
            ("redirect_uri", redirectURI),
            ("access_type", "offline"),
            ("prompt", "consent"),
            ("state", state),
            ("code_challenge", pkce.challenge),
            ("code_challenge_method", PKCE.method),
        ])
        return URL(string: base + "?" + query)!
    }
}
