package import JSONCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes credentials from text and JSON before they reach a result, a log line or the audit log.
///
/// Redaction goes by value: the client secret, the refresh token and every access token handed out are
/// registered here as they become known, and any occurrence is replaced, whatever field or message carries it.
/// Fields whose names say they hold a credential are replaced as well, whatever their value.
package final class SecretRedactor: Sendable {
    /// What a redacted value becomes.
    package static let placeholder = "[redacted]"

    /// Values shorter than this are not treated as secrets: replacing them would mangle ordinary text.
    private static let minimumLength = 8

    /// Substrings of field names that mark a credential.
    private static let sensitiveKeyParts = [
        "secret", "token", "password", "passwd", "authorization", "api_key", "apikey", "card_number", "cvv",
        "account_number", "routing_number",
    ]

    private let secrets: Mutex<[String]>

    package init(_ secrets: [String] = []) {
        self.secrets = Mutex(secrets.filter { $0.count >= SecretRedactor.minimumLength })
    }

    /// Registers a value that must never be shown.
    package func add(_ secret: String) {
        guard secret.count >= SecretRedactor.minimumLength else { return }
        secrets.withLock { list in
            if !list.contains(secret) { list.append(secret) }
        }
    }

    private var current: [String] { secrets.withLock { $0 } }

    /// Whether the text holds any registered secret.
    package func appears(in text: String) -> Bool {
        let secrets = current
        return secrets.contains { SecretRedactor.occurs($0, in: text) }
    }

    /// The text with every registered secret replaced.
    package func redact(_ text: String) -> String {
        var result = text
        for secret in current where SecretRedactor.occurs(secret, in: result) {
            result = result.replacing(secret, with: SecretRedactor.placeholder)
        }
        return result
    }

    /// A byte search: `memchr` for the first byte, `memcmp` for the rest. Every result of every call is searched
    /// for every secret, and the standard library's `contains` on strings takes a generic path that cost a quarter
    /// of a call's time.
    static func occurs(_ needle: String, in haystack: String) -> Bool {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { pattern in
            haystack.withUTF8 { text in
                guard let patternStart = pattern.baseAddress, let textStart = text.baseAddress,
                    text.count >= pattern.count
                else { return pattern.isEmpty }
                let first = Int32(pattern[0])
                let lastStart = textStart + (text.count - pattern.count)
                var cursor = textStart
                while cursor <= lastStart {
                    guard let found = memchr(cursor, first, lastStart - cursor + 1) else { return false }
                    let candidate = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(candidate, patternStart, pattern.count) == 0 { return true }
                    cursor = candidate + 1
                }
                return false
            }
        }
    }

    /// Whether a field of this name holds a credential.
    package static func isSensitiveKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return sensitiveKeyParts.contains { occurs($0, in: lowered) }
    }

    /// The value with registered secrets replaced in every string, and fields named like credentials replaced
    /// whatever they hold.
    package func redact(_ value: JSONValue) -> JSONValue {
        let secrets = current
        return SecretRedactor.redact(value, secrets: secrets)
    }

    private static func redact(_ value: JSONValue, secrets: [String]) -> JSONValue {
        switch value {
        case .string(let text):
            var result = text
            for secret in secrets where occurs(secret, in: result) {
                result = result.replacing(secret, with: placeholder)
            }
            return .string(result)
        case .array(let items):
            return .array(items.map { redact($0, secrets: secrets) })
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members {
                result[key] =
                    isSensitiveKey(key) && member != .null ? .string(placeholder) : redact(member, secrets: secrets)
            }
            return .object(result)
        case .null, .bool, .number:
            return value
        }
    }

    /// The outcome with registered secrets removed from its text and structured result. Cheap when there are
    /// none: one substring search per secret over the text, which already carries the JSON.
    package func redact(_ outcome: ToolOutcome) -> ToolOutcome {
        guard appears(in: outcome.text) || outcome.structuredJSON.map(appears(in:)) == true else { return outcome }
        var result = outcome
        result.text = redact(outcome.text)
        if let structured = outcome.structured {
            let cleaned = SecretRedactor.redact(structured, secrets: current)
            result.structured = cleaned
            result.structuredJSON = cleaned.serialized()
        }
        return result
    }
}
