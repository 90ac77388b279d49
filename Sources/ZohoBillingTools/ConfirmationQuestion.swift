/// A yes/no question for the person at the client.
package struct ConfirmationQuestion: Sendable, Hashable {
    /// Distinguishes questions within one call.
    package var key: String
    /// What will happen if they say yes, in full.
    package var message: String

    package init(key: String = "confirm", message: String) {
        self.key = key
        self.message = message
    }
}
