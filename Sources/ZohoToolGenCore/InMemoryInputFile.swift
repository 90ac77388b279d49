public import struct Foundation.Data

/// A schema file handed to the generator: the name to report in diagnostics and its bytes.
public struct InMemoryInputFile: Sendable, Hashable {
    /// The path diagnostics name, `Schemas/invoices.json`.
    public var displayPath: String
    /// The file's bytes.
    public var contents: Data

    /// Creates an input file.
    public init(displayPath: String, contents: Data) {
        self.displayPath = displayPath
        self.contents = contents
    }
}

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
