/// A confirmer for contexts where nobody can be asked.
package struct UnavailableConfirmer: Confirmer {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }

    package func confirm(_ question: ConfirmationQuestion) async throws -> ConfirmationAnswer {
        .unavailable(reason)
    }
}
