/// Describes settings without naming any program's flags, variables or commands.
public struct NeutralSettingVocabulary: SettingVocabulary {
    /// Creates the vocabulary; it has no configuration.
    public init() {}

    /// A plain description such as "the token file setting".
    public func name(of setting: ConfigurationSetting) -> String {
        switch setting {
        case .region: "the region setting"
        case .accountsURL: "the accounts URL setting"
        case .tokenFile: "the token file setting"
        case .clientID: "the client ID setting"
        case .clientSecret: "the client secret setting"
        case .refreshToken: "the refresh token setting"
        case .apiBaseURL: "the API base URL setting"
        }
    }

    /// Generic advice that holds whatever program is in use.
    public var signInAdvice: String {
        "Get a new refresh token from the Zoho data centre your account is in, and save it in the token file."
    }
}
