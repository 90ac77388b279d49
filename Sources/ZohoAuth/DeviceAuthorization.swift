#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// A device sign-in in progress: what the person must enter where, and what this program polls with.
///
/// The device code is a credential until it expires, so the description shows only what a person needs.
public struct DeviceAuthorization: Sendable, Hashable, CustomStringConvertible {
    /// The short code the person types at ``verificationURL``.
    public var userCode: String
    /// Where the person goes to approve, on any device with a browser.
    public var verificationURL: String
    /// The code this program polls with; never shown.
    public var deviceCode: String
    /// Seconds to wait between polls, as Zoho asked.
    public var interval: Int
    /// When the codes stop working.
    public var expiresAt: Date
    /// The accounts server to poll; changes when Zoho reports that the person belongs to another data centre.
    public var accountsURL: URL
    /// The scopes asked for.
    public var scopes: [String]

    /// Creates a value from its parts.
    public init(
        userCode: String, verificationURL: String, deviceCode: String, interval: Int, expiresAt: Date,
        accountsURL: URL, scopes: [String]
    ) {
        self.userCode = userCode
        self.verificationURL = verificationURL
        self.deviceCode = deviceCode
        self.interval = interval
        self.expiresAt = expiresAt
        self.accountsURL = accountsURL
        self.scopes = scopes
    }

    /// Shows the user code and URL, never the device code.
    public var description: String {
        "DeviceAuthorization(user code: \(userCode), at: \(verificationURL), device code: <redacted>)"
    }
}
