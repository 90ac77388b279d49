/// What a running tool can reach besides Zoho: progress reporting, the person (through a ``Confirmer``), and who
/// is calling. The MCP layer provides one per request; the `call` command provides its own.
///
/// Cancellation is Swift task cancellation: a cancelled call sees `Task.isCancelled` and `CancellationError`.
package protocol ToolCallContext: Sendable {
    /// Reports progress; ignored when nobody asked for it.
    func reportProgress(_ completed: Double, total: Double?, message: String?)
    /// Asks the person to confirm an action.
    var confirmer: any Confirmer { get }
    /// The client's self-reported name, for the audit record.
    var clientName: String? { get }
}
