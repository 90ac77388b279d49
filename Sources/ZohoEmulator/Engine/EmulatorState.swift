#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// All mutable emulator state. It lives inside the emulator's `Mutex`, so every method runs with the lock held and
/// never suspends.
struct EmulatorState {
    /// An access token the token endpoint issued.
    struct IssuedToken {
        var expiresAt: ContinuousClock.Instant
        var invalidated = false
    }

    let configuration: EmulatorConfiguration
    var organizations: [String: OrganizationData] = [:]
    var accessTokens: [String: IssuedToken] = [:]
    var refreshTokenRevoked = false
    var authorizationCodes: Set<String> = []
    var signIns = SignInState()
    var tokenIssueTimes: [ContinuousClock.Instant] = []
    var recordedRequests: [EmulatorRequest] = []
    var tokenRequestCount = 0
    var faults: [EmulatorFault] = []
    var sentEmails: [EmulatorSentEmail] = []

    init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
        for (index, info) in configuration.organizations.enumerated() where organizations[info.id] == nil {
            var data = OrganizationData(info: info, index: index)
            data.seed(today: CalendarDate(configuration.now ?? Date(), in: data.timeZone), configuration: configuration)
            organizations[info.id] = data
        }
    }

    /// The instant business logic treats as "now".
    var now: Date {
        configuration.now ?? Date()
    }

    // MARK: - Recording and faults

    /// Records the request and takes the first queued fault that matches it.
    mutating func receive(_ request: EmulatorRequest) -> EmulatorFault? {
        recordedRequests.append(request)
        // Trimmed in batches of 64, so that the copy it costs stays cheap per request.
        if recordedRequests.count > configuration.requestHistoryLimit + 64 {
            recordedRequests.removeFirst(recordedRequests.count - configuration.requestHistoryLimit)
        }
        if request.method == "POST", request.path == "/oauth/v2/token" {
            tokenRequestCount += 1
        }
        guard let index = faults.firstIndex(where: { $0.matches(request) }) else { return nil }
        return faults.remove(at: index)
    }

    // MARK: - Access tokens

    /// Issues a fresh opaque access token such as `1000.3f9c…`.
    mutating func issueAccessToken() -> String {
        var generator = SystemRandomNumberGenerator()
        func hex(_ count: Int) -> String {
            let digits = Array("0123456789abcdef")
            return String((0..<count).map { _ in digits[Int.random(in: 0..<16, using: &generator)] })
        }
        var token: String
        repeat {
            token = "1000.\(hex(32)).\(hex(32))"
        } while accessTokens[token] != nil
        accessTokens[token] = IssuedToken(
            expiresAt: .now.advanced(by: .seconds(configuration.accessTokenLifetime)))
        return token
    }

    /// Whether `token` was issued here and still works.
    func isValidAccessToken(_ token: String) -> Bool {
        guard let issued = accessTokens[token] else { return false }
        return !issued.invalidated && ContinuousClock.now < issued.expiresAt
    }

    /// Makes every issued access token stop working.
    mutating func expireAllAccessTokens() {
        for key in accessTokens.keys {
            accessTokens[key]?.invalidated = true
        }
    }

    // MARK: - Responses

    /// A JSON response with Zoho's content type.
    static func json(_ status: Int, _ body: JSONObject, headers: [String: String] = [:]) -> EmulatorResponse {
        var all = ["Content-Type": "application/json;charset=UTF-8"]
        for (name, value) in headers { all[name] = value }
        return EmulatorResponse(status: status, headers: all, body: JSONValue.object(body).serializedData())
    }

    /// Zoho's error envelope.
    static func error(_ error: APIError, headers: [String: String] = [:]) -> EmulatorResponse {
        json(error.status, ["code": .int(error.code), "message": .string(error.message)], headers: headers)
    }

    /// The answer for any path the emulator does not serve.
    static let invalidURL = error(APIError(status: 404, code: ZohoErrorCode.invalidURL, message: "Invalid URL Passed"))
}
