public import struct Foundation.Data

/// A schema file handed to the generator: the name to report in diagnostics and its bytes.
public struct InMemoryInputFile: Sendable, Hashable {
    /// The path diagnostics name, `Schemas/invoices.json`.
    public var displayPath: String
    public var contents: Data

    public init(displayPath: String, contents: Data) {
        self.displayPath = displayPath
        self.contents = contents
    }
}

/// A generated file: its base name and its text.
public struct InMemoryOutputFile: Sendable, Hashable {
    public var baseName: String
    public var contents: String

    public init(baseName: String, contents: String) {
        self.baseName = baseName
        self.contents = contents
    }
}
