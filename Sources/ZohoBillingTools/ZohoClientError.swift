/// A failure outside Zoho's own answers: credentials, the network, or an answer that is not Zoho's JSON.
package struct ZohoClientError: Error, Sendable, Hashable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
