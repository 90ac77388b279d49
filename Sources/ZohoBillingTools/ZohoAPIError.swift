/// A failed Zoho API call: the HTTP status, Zoho's own code and message, and what to do about it.
package struct ZohoAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    package var status: Int
    package var code: Int?
    package var message: String

    package init(status: Int, code: Int?, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    package var description: String {
        var text = "Zoho answered HTTP \(status)"
        if let code { text += " with code \(code)" }
        text += ": \(message.isEmpty ? "(no message)" : message)"
        if !text.hasSuffix(".") { text += "." }
        if let hint { text += " " + hint }
        return text
    }

    private var hint: String? {
        switch (status, code) {
        case (429, _):
            return "Zoho is rate-limiting this organization; wait a minute before calling again."
        case (401, _), (_, 57), (_, 14):
            return "The Zoho credentials lack permission for this call (a missing scope or a revoked token). "
                + "Check the scopes of the refresh token, or sign in again."
        case (404, _), (_, 1002):
            return "Check the id; list the resource to find the right one."
        case (500..<600, _):
            return "This is a problem on Zoho's side; try again later."
        default:
            return nil
        }
    }
}
