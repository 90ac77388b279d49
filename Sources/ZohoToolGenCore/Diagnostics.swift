/// A problem found in a schema file, printed as `Schemas/<file>.json:<line>: error: <message>` so that SwiftPM and
/// editors can point at it.
public struct SchemaDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var file: String
    public var line: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// Thrown when generation found at least one error; carries every diagnostic, not just the first.
public struct SchemaGenerationFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [SchemaDiagnostic]

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
