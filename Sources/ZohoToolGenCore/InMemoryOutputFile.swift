/// A generated file: its base name and its text.
public struct InMemoryOutputFile: Sendable, Hashable {
    /// The file name to write, without a directory.
    public var baseName: String
    /// The Swift source.
    public var contents: String

    /// Creates an output file.
    public init(baseName: String, contents: String) {
        self.baseName = baseName
        self.contents = contents
    }
}
