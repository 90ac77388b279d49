/// Receives one framed message at a time; the transport decides how messages travel (stdio lines today).
public protocol MessageSink: Sendable {
    /// Sends one message, compact JSON text without a line break.
    func send(_ message: String)
}
