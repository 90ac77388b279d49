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
