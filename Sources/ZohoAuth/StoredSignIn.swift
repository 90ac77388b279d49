#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import Logging

/// What the token file says about where the signed-in account lives, read without a lock or a session: settings
/// use it before anything else runs.
public struct StoredSignIn: Sendable, Hashable {
    /// The API domain Zoho named with the last token, such as `https://www.zohoapis.eu`.
    public var apiDomain: URL?
    /// The accounts server the refresh token belongs to.
    public var accountsURL: URL?

    /// Reads the token file at `path`; nil when it is missing or unreadable (the session reports those properly).
    public static func read(path: String) -> StoredSignIn? {
        let quiet = Logger(label: "stored-sign-in", factory: { _ in SwiftLogNoOpLogHandler() })
        guard let contents = try? TokenFile(path: path).read(logger: quiet) else { return nil }
        return StoredSignIn(apiDomain: contents.apiDomain.flatMap(URL.init(string:)), accountsURL: contents.accountsURL)
    }

    /// The data centre whose API origin is ``apiDomain``, when it is one of Zoho's over https.
    public var apiRegion: ZohoRegion? {
        guard let apiDomain, apiDomain.scheme?.lowercased() == "https", apiDomain.port == nil else { return nil }
        return ZohoRegion.allCases.first { $0.apiOrigin.host == apiDomain.host?.lowercased() }
    }
}
