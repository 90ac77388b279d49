/// An error whose message may point at settings, worded through a ``SettingVocabulary``.
///
/// The library knows which setting would fix a problem but not what the program around it calls that setting, so
/// each error keeps its structured cases and builds its text on request. `description` uses
/// ``NeutralSettingVocabulary``; a program that has names for its settings calls ``message(using:)`` instead.
public protocol SettingAwareError: Error, CustomStringConvertible, Sendable {
    /// A full sentence naming the problem and the next step, with settings named by `vocabulary`.
    func message(using vocabulary: any SettingVocabulary) -> String
}

extension SettingAwareError {
    /// The message in neutral words (see ``NeutralSettingVocabulary``).
    public var description: String { message(using: NeutralSettingVocabulary()) }
}
