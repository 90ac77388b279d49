/// Thrown when generation found at least one error; carries every diagnostic, not just the first.
public struct SchemaGenerationFailure: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic, warnings included, in file order.
    public var diagnostics: [SchemaDiagnostic]

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
