import Logging
import ZohoBillingTools

/// Passes log events to stderr with every known secret replaced, in the message and in the metadata, so that
/// not even a trace-level line can carry a credential that some error text happened to include.
struct RedactingLogHandler: LogHandler {
    var base: StreamLogHandler
    let redactor: SecretRedactor

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var cleaned = event
        cleaned.message = Logger.Message(stringLiteral: redactor.redact(event.message.description))
        cleaned.metadata = event.metadata.map { metadata in metadata.mapValues(redact) }
        base.log(event: cleaned)
    }

    private func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(redactor.redact(text))
        case .stringConvertible(let item): .string(redactor.redact(item.description))
        case .array(let items): .array(items.map(redact))
        case .dictionary(let members): .dictionary(members.mapValues(redact))
        @unknown default: .string(redactor.redact(value.description))
        }
    }
}
