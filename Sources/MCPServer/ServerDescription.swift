import JSONCore

/// Who the server is, as `initialize` and `server/discover` tell the client.
public struct ServerDescription: Sendable {
    /// The program name clients show and log.
    public var name: String
    /// The program version.
    public var version: String
    /// A display name for people, when it differs from ``name``.
    public var title: String?
    /// Guidance that clients may put in the model's context.
    public var instructions: String?

    /// Creates a description; only name and version are required.
    public init(name: String, version: String, title: String? = nil, instructions: String? = nil) {
        self.name = name
        self.version = version
        self.title = title
        self.instructions = instructions
    }

    /// The `Implementation` object: name, version and title.
    var implementation: JSONValue {
        var members: [String: JSONValue] = ["name": .string(name), "version": .string(version)]
        if let title { members["title"] = .string(title) }
        return .object(members)
    }
}
