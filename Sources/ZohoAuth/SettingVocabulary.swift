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
