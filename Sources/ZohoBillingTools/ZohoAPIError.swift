/// A failed Zoho API call: the HTTP status, Zoho's own code and message, and what to do about it.
package struct ZohoAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    package var status: Int
    package var code: Int?
    package var message: String
    /// How many times the request was sent before this answer was final (retries included).
    package var attempts = 1
    /// How long Zoho asked to wait (`Retry-After`), when it said.
    package var retryAfter: Duration?

    package init(status: Int, code: Int?, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// Zoho's refusal for the per-minute limit: HTTP 429 with code 44, or the code alone.
    package var isPerMinuteLimit: Bool { code == 44 || (status == 429 && code != 45 && code != 1070) }
    /// Zoho's refusal once the day's quota is spent.
    package var isDailyLimit: Bool { code == 45 }
    /// Zoho's refusal when too many calls run at once.
    package var isConcurrencyLimit: Bool { code == 1070 }

    package var description: String {
        var text = "Zoho answered HTTP \(status)"
        if let code { text += " with code \(code)" }
        text += ": \(message.isEmpty ? "(no message)" : message)"
        if !text.hasSuffix(".") { text += "." }
        if attempts > 1 { text += " That was the answer to all \(attempts) attempts." }
        if let hint { text += " " + hint }
        return text
    }

    private var hint: String? {
        switch (status, code) {
        case (_, 45):
            return "Zoho's daily request quota for this organization is used up; it resets daily."
        case (_, 1070):
            return "Zoho refused because too many calls to this organization ran at once; nothing was changed. "
                + "Call again in a few seconds."
        case (429, _), (_, 44):
            if let retryAfter {
                return "Zoho is rate-limiting this organization and asked to wait \(retryAfter.components.seconds) s "
                    + "before calling again."
            }
            return "Zoho is rate-limiting this organization; wait a minute before calling again."
        case (401, _), (_, 57), (_, 14):
            return "The Zoho credentials lack permission for this call (a missing scope or a revoked token). "
                + "Check the scopes of the refresh token, or sign in again."
        case (404, _), (_, 1002):
            return "Check the id; list the resource to find the right one."
        case (500..<600, _):
            return "This is a problem on Zoho's side; try again in a minute."
        default:
            return nil
        }
    }
}
