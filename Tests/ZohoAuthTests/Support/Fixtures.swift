import Foundation
import TestSupport
import Testing
import ZohoAuth

/// Values the tests look for in every error and log line; they must never appear there.
enum Secret {
    static let clientID = "1000.TESTCLIENT"
    static let clientSecret = "s3cr3t+/= &value"
    static let refreshToken = "1000.refresh+token/&=abc"
    static let envRefreshToken = "1000.env-refresh-token"

    static let credentials = OAuthClientCredentials(
        clientID: clientID,
        clientSecret: clientSecret,
        refreshToken: refreshToken
    )

    /// Strings that must never appear in errors or logs (access tokens are `at-<n>` or named per test).
    static let all = [clientSecret, refreshToken, envRefreshToken]
}

/// A fresh directory under the system temporary directory, removed afterwards.
func withTemporaryDirectory<Result>(_ body: (String) async throws -> Result) async throws -> Result {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("ZohoAuthTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

let euAccounts = URL(string: "https://accounts.zoho.eu")!

/// Writes raw text to `path` with the given mode.
func writeFile(_ path: String, _ text: String, mode: Int = 0o600) throws {
    let created = FileManager.default.createFile(
        atPath: path,
        contents: Data(text.utf8),
        attributes: [.posixPermissions: mode]
    )
    precondition(created, "could not create \(path)")
}

/// A token file object with the test credentials and any extra keys.
func tokenFileText(_ extra: [String: String] = [:], clock: TestClock? = nil, accessToken: String? = nil) -> String {
    var object: [String: Any] = [
        "client_id": Secret.clientID,
        "client_secret": Secret.clientSecret,
        "refresh_token": Secret.refreshToken,
        "accounts_url": "https://accounts.zoho.eu",
    ]
    if let accessToken, let clock {
        object["access_token"] = accessToken
        object["access_token_expires_at"] = isoString(clock.date.addingTimeInterval(3600))
    }
    for (key, value) in extra { object[key] = value }
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

func isoString(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
}

/// The file parsed as a JSON object with Foundation (independently of the module under test).
func readObject(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
}

func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
}

func directoryEntries(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
}

let usAccounts = URL(string: "https://accounts.zoho.com")!

/// Names every setting by a marker such as `{tokenFile}`, so a test can tell which setting a message points at
/// without depending on any program's wording.
struct TestVocabulary: SettingVocabulary {
    static let advice = "{Sign in again}."

    func name(of setting: ConfigurationSetting) -> String { "{\(setting.rawValue)}" }
    var signInAdvice: String { Self.advice }
}

/// Words that belong to the executable, never to the library's messages.
let programWords = ["ZOHO_", "zoho-billing-mcp", "auth login", "--"]
