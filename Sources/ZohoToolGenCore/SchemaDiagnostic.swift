/// A problem found in a schema file, printed as `Schemas/<file>.json:<line>: error: <message>` so that SwiftPM and
/// editors can point at it.
public struct SchemaDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is; errors stop generation.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// The file as reported, `Schemas/invoices.json`.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// Error or warning.
    public var severity: Severity
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    /// `file:line: severity: message`, the form SwiftPM and editors recognise.
    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}
