/// A problem with the token file or its lock file. Messages name the path and the fix, never file contents.
public enum TokenStoreError: SettingAwareError {
    /// The file exists but is not a JSON object of the expected shape. It is never rewritten or replaced.
    case corrupt(path: String, reason: String)
    /// The file exists but could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file, its directory or a temporary file beside it could not be written.
    case unwritable(path: String, reason: String)
    /// The lock file beside the token file could not be created or locked.
    case lockFailed(path: String, reason: String)
    /// The path is a symbolic link, not a regular file, or owned by someone else: it is neither read nor changed,
    /// since credentials could be read from, or written to, a place the user did not choose.
    case refused(path: String, reason: String)

    /// A full sentence naming the problem and the next step, with settings named by `vocabulary`.
    public func message(using vocabulary: any SettingVocabulary) -> String {
        let otherPath = "choose another path with \(vocabulary.name(of: .tokenFile))"
        switch self {
        case .corrupt(let path, let reason):
            return "The token file \(path) is not usable: \(reason). It was left untouched; fix it by hand, or move "
                + "it aside. \(vocabulary.signInAdvice)"
        case .unreadable(let path, let reason):
            return "Could not read the token file \(path): \(reason). Check that you own it and can read it, or move "
                + "it aside. \(vocabulary.signInAdvice)"
        case .unwritable(let path, let reason):
            return "Could not write the token file \(path): \(reason). Check that its directory exists and is "
                + "writable by you, or \(otherPath)."
        case .refused(let path, let reason):
            return "The token file \(path) was refused: \(reason). Nothing was read from it or written to it. Point "
                + "\(vocabulary.name(of: .tokenFile)) at a regular file of your own (not a symbolic link), or move this "
                + "one aside."
        case .lockFailed(let path, let reason):
            return "Could not lock \(path), which stops several processes from refreshing the token at the same "
                + "time: \(reason). Check that its directory is writable by you, or \(otherPath)."
        }
    }
}
