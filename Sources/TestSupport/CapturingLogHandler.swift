public import Logging

/// A `LogHandler` that renders level, message and metadata into a ``LogRecorder``.
///
/// The logger's label is not rendered, so a line reads the same whatever label the code under test chose.
public struct CapturingLogHandler: LogHandler {
    /// Where rendered lines go.
    public let recorder: LogRecorder
    /// The lowest level passed on; everything by default.
    public var logLevel: Logger.Level = .trace
    /// Metadata attached to every line from this handler.
    public var metadata: Logger.Metadata = [:]
    /// Supplies metadata at log time, as swift-log expects every handler to carry.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler that writes into `recorder`.
    public init(recorder: LogRecorder) {
        self.recorder = recorder
    }

    /// One entry of ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Renders the event as `level message key=value …`, keys sorted so lines compare stably.
    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let rendered = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        recorder.append("\(event.level) \(event.message) \(rendered)")
    }
}
