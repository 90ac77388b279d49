/// A setting that cannot be used as given; the message names the setting and the allowed values.
package struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
