/// The words a program uses for its settings, so that this module's messages can point at the right knob.
///
/// A command-line program names flags or environment variables, an app might name fields in its preferences;
/// the library itself names none of them. ``NeutralSettingVocabulary`` is used when nobody supplies one.
public protocol SettingVocabulary: Sendable {
    /// How a message should refer to `setting`, as a noun phrase that fits mid-sentence (e.g. "the region setting").
    func name(of setting: ConfigurationSetting) -> String

    /// One or more full sentences telling someone how to get credentials that work, for when the current ones
    /// cannot be used or are missing.
    var signInAdvice: String { get }
}

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

extension SettingVocabulary {
    /// Several settings as one phrase: "A", "A and B", "A, B and C".
    func names(of settings: [ConfigurationSetting]) -> String {
        let names = settings.map { name(of: $0) }
        guard let last = names.last else { return "" }
        if names.count == 1 { return last }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}

/// `text` with its first letter in upper case, for a sentence that opens with a setting's name.
func sentenceCased(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
}
