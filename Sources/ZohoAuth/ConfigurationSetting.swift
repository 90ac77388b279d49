/// A setting a person can change to fix a problem this module reports.
///
/// Errors refer to settings through these cases rather than by name, because only the program around the library
/// knows whether a setting is a flag, an environment variable or a field in a form; a ``SettingVocabulary``
/// supplies the words.
public enum ConfigurationSetting: String, Sendable, Hashable, CaseIterable {
    /// The Zoho data centre (``ZohoRegion``).
    case region
    /// The OAuth accounts server, when it is given directly instead of through the region.
    case accountsURL
    /// Where the token file lives.
    case tokenFile
    /// The OAuth client ID from the Zoho API console.
    case clientID
    /// The OAuth client secret from the Zoho API console.
    case clientSecret
    /// A refresh token supplied directly rather than read from the token file.
    case refreshToken
    /// The root of the product API, when it is given directly instead of through the region.
    case apiBaseURL
}
