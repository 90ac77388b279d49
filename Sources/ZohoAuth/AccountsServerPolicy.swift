#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import CurlHTTP

/// Which accounts servers a sign-in may be redirected to.
///
/// Zoho's multi-DC answers (a redirect's `accounts-server`, a device poll's `other_dc`) name the server to
/// exchange the code at, and the client secret goes there next. Only Zoho's own accounts servers qualify, or the
/// configured server's host itself (a proxy or a test server), so a forged answer cannot collect the secret.
public enum AccountsServerPolicy {
    /// `candidate` as a URL when it may receive the client secret, else nil.
    public static func accepted(_ candidate: String, configured: URL) -> URL? {
        guard let url = URL(string: candidate), let scheme = url.scheme?.lowercased(),
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        if host == configured.host?.lowercased(), url.port == configured.port,
            scheme == configured.scheme?.lowercased()
        {
            return url
        }
        let zohoHosts = Set(ZohoRegion.allCases.compactMap { $0.accountsURL.host?.lowercased() })
        guard scheme == "https", zohoHosts.contains(host), url.port == nil else { return nil }
        return url
    }

    /// The accounts server for one of Zoho's `location` codes (`us`, `eu`, `in`, …).
    public static func server(forLocation location: String) -> URL? {
        let code = location.lowercased() == "com" ? "us" : location
        return (try? ZohoRegion.parse(code))?.accountsURL
    }
}
