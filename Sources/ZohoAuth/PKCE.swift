import PlatformSupport

/// A Proof Key for Code Exchange pair (RFC 7636, method `S256`).
///
/// The challenge travels through the browser; the verifier goes only to the token endpoint. Whoever intercepts
/// the redirect's code cannot exchange it without the verifier, which never leaves this process.
public struct PKCE: Sendable, Hashable, CustomStringConvertible {
    /// The secret half, sent as `code_verifier` with the code exchange.
    public let verifier: String

    /// The only method this program sends.
    public static let method = "S256"

    /// A fresh pair: 32 random bytes give the 43-character verifier the RFC recommends.
    public init() {
        self.verifier = Base64URL.random(byteCount: 32)
    }

    /// A pair with a known verifier (tests, and the fake accounts server checking one).
    public init(verifier: String) {
        self.verifier = verifier
    }

    /// `BASE64URL(SHA256(verifier))`, sent as `code_challenge`.
    public var challenge: String { Self.challenge(for: verifier) }

    /// The S256 challenge of any verifier.
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(Array(verifier.utf8)))
    }

    /// Never shows the verifier.
    public var description: String { "PKCE(S256, challenge: \(challenge))" }
}
