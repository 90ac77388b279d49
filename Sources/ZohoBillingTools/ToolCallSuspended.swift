/// The call cannot finish now and will be asked again (see ``Confirmer``); carries the protocol layer's signal.
package struct ToolCallSuspended: Error, Sendable {
    package var signal: any Error & Sendable

    package init(_ signal: any Error & Sendable) {
        self.signal = signal
    }
}
