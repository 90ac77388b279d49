import CurlHTTP
import Logging
import ZohoAuth

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension OAuthSession {
    /// A session on the configured token file and accounts server, worded with this program's setting names.
    /// - Parameter bootstrap: credentials from the environment to adopt, as `serve` does; nil to use only the file.
    static func configured(
        by settings: ServerSettings, bootstrap: OAuthClientCredentials? = nil, logger: Logger
    ) -> OAuthSession {
        OAuthSession(
            tokenFile: settings.tokenFile,
            accountsURL: URL(string: settings.accountsURL)!,
            accountsURLSource: settings.accountsURLSource,
            transport: CurlHTTPTransport(),
            bootstrap: bootstrap,
            vocabulary: CommandLineVocabulary(),
            logger: logger
        )
    }
}
