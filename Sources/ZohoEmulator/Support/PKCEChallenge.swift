import PlatformSupport

/// The accounts server's side of PKCE: what a verifier must hash to.
enum PKCEChallenge {
    /// `BASE64URL(SHA256(verifier))`, the `S256` method of RFC 7636.
    static func s256(_ verifier: String) -> String {
        Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
    }
}
