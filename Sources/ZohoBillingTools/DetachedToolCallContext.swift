/// A context for calls made outside MCP: no progress, nobody to ask.
package struct DetachedToolCallContext: ToolCallContext {
    package var confirmer: any Confirmer
    package var clientName: String?

    package init(confirmer: any Confirmer, clientName: String?) {
        self.confirmer = confirmer
        self.clientName = clientName
    }

    package func reportProgress(_ completed: Double, total: Double?, message: String?) {}
}
