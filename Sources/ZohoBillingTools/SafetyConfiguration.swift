#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif

/// How the dispatcher guards calls that move money or cannot be undone: confirmation of destructive tools and the
/// duplicate guard, with the files they share between processes.
package struct SafetyConfiguration: Sendable {
    /// Whether destructive tools need a confirmation token or an accepted question before they run.
    package var confirmation: Bool
    /// Where the confirmation tokens and recent writes are kept (shared by every process of this user).
    package var stateDirectory: String
    /// How long a confirmation token stays valid.
    package var confirmationLifetime: TimeInterval
    /// How long a successful guarded write blocks an identical one.
    package var duplicateWindow: TimeInterval
    /// The tools the duplicate guard watches, by name; tools added later join by name.
    package var guardedTools: Set<String>
    /// The current time; tests shift it to reach expiry without waiting.
    package var now: @Sendable () -> Date

    package init(
        confirmation: Bool, stateDirectory: String, confirmationLifetime: TimeInterval = 5 * 60,
        duplicateWindow: TimeInterval = 10 * 60, guardedTools: Set<String> = SafetyConfiguration.moneyMovingWrites,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.confirmation = confirmation
        self.stateDirectory = stateDirectory
        self.confirmationLifetime = confirmationLifetime
        self.duplicateWindow = duplicateWindow
        self.guardedTools = guardedTools
        self.now = now
    }

    /// Writes an agent may repeat by retrying, where a repeat bills, pays or refunds twice. Names of tools this
    /// product does not have yet are harmless here and take effect when the tool arrives.
    package static let moneyMovingWrites: Set<String> = [
        "create_invoice", "record_payment", "create_credit_note", "add_subscription_charge", "refund_payment",
        "create_customer",
    ]

    /// The default state directory: `$XDG_STATE_HOME/zoho-billing-mcp`, else `~/.local/state/zoho-billing-mcp`.
    package static func defaultStateDirectory(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/zoho-billing-mcp"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return home + "/.local/state/zoho-billing-mcp"
    }
}
