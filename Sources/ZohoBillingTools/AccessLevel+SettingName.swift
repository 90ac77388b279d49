extension AccessLevel {
    /// The name users write for the level (`full` is the level that allows destructive tools).
    package var settingName: String { self == .destructive ? "full" : rawValue }

    /// Parses `read`, `write` or `full` (`destructive` is accepted too).
    package init(settingName: String) throws(ConfigurationError) {
        switch settingName.lowercased().filter({ !$0.isWhitespace }) {
        case "read": self = .read
        case "write": self = .write
        case "full", "destructive": self = .destructive
        default:
            throw ConfigurationError("Unknown access level '\(settingName)'. Use read, write or full.")
        }
    }
}
