#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Synchronization

/// An in-memory fake of Zoho Billing v1 and of Zoho Accounts' token endpoint.
///
/// The emulator answers ``EmulatorRequest`` values with what Zoho would answer, as documented: the `{code, message}`
/// envelope, `page_context` on lists, Zoho's error codes (see ``ZohoErrorCode``), OAuth refresh without a new
/// refresh token, and the `X-com-zoho-subscriptions-organizationid` header. Tests put it behind a loopback server
/// (`ZohoFakeServer`); the offline sandbox calls ``handle(_:)`` directly.
///
/// Thread safety: all mutable state sits in one `Mutex`, and every method takes the lock for a short synchronous
/// critical section. The only waits (``EmulatorConfiguration/tokenEndpointDelay`` and fault delays) happen outside
/// the lock, so concurrent requests never block each other for long. The class is `Sendable` without
/// `@unchecked`: its stored properties are immutable and `Mutex` is itself `Sendable`.
public final class ZohoEmulator: Sendable {
    /// The configuration the emulator was created with.
    public let configuration: EmulatorConfiguration
    /// Internal, not private: `EmulatorSnapshot.swift` saves and restores the organizations through it.
    let state: Mutex<EmulatorState>

    /// Creates an emulator; with the default configuration it serves organization `20071234` with demo data.
    public init(configuration: EmulatorConfiguration = .init()) {
        self.configuration = configuration
        self.state = Mutex(EmulatorState(configuration: configuration))
    }

    /// Answers one request. Never throws and never traps: bad input becomes a Zoho-style error response.
    public func handle(_ request: EmulatorRequest) async -> EmulatorResponse {
        let fault = state.withLock { $0.receive(request) }
        if let fault {
            if let delay = fault.delay, delay > .zero {
                try? await Task.sleep(for: delay)
            }
            if !fault.passesThrough {
                return fault.response
            }
        }
        switch request.path {
        case "/oauth/v2/token":
            if request.method == "POST", configuration.tokenEndpointDelay > .zero {
                try? await Task.sleep(for: configuration.tokenEndpointDelay)
            }
            return state.withLock { $0.handleToken(request) }
        case "/oauth/v2/token/revoke":
            return state.withLock { $0.handleRevoke(request) }
        case "/oauth/v2/auth":
            return state.withLock { $0.handleAuthorize(request) }
        case "/oauth/v3/device/code":
            return state.withLock { $0.handleDeviceCode(request) }
        case "/oauth/v3/device/token":
            return state.withLock { $0.handleDeviceToken(request) }
        case "/oauth/v3/device":
            return state.withLock { $0.handleDeviceApproval(request) }
        default:
            let prefix = configuration.apiPrefix
            guard request.path == prefix || request.path.hasPrefix(prefix + "/") else {
                return EmulatorState.invalidURL
            }
            return state.withLock { $0.handleAPI(request) }
        }
    }

    // MARK: - Inspection

    /// Every request received so far, in order, including token requests and faulted ones.
    public var recordedRequests: [EmulatorRequest] {
        state.withLock { $0.recordedRequests }
    }

    /// How many `POST /oauth/v2/token` requests arrived (successful or not).
    public var tokenRequestCount: Int {
        state.withLock { $0.tokenRequestCount }
    }

    /// Invoice emails sent through `POST /invoices/{id}/email`, in order.
    public var sentEmails: [EmulatorSentEmail] {
        state.withLock { $0.sentEmails }
    }

    /// How many queued faults have not been used yet.
    public var pendingFaultCount: Int {
        state.withLock { $0.faults.count }
    }

    // MARK: - Control

    /// Issues a valid access token directly, without a token request (not counted in ``tokenRequestCount``).
    public func issueAccessToken() -> String {
        state.withLock { $0.issueAccessToken() }
    }

    /// Makes every access token issued so far stop working; the next API call with one gets HTTP 401 (code 57).
    public func expireAllAccessTokens() {
        state.withLock { $0.expireAllAccessTokens() }
    }

    /// Registers a one-time grant code for `grant_type=authorization_code`.
    public func registerAuthorizationCode(_ code: String) {
        state.withLock { _ = $0.authorizationCodes.insert(code) }
    }

    /// Registers a one-time Self Client code that grants `scopes` when exchanged.
    public func registerAuthorizationCode(_ code: String, scopes: [String]) {
        state.withLock { state in
            state.signIns.codes[code] = SignInState.IssuedCode(redirectURI: nil, challenge: nil, scopes: scopes)
        }
    }

    /// Approves the device sign-in with this user code, as the person would at the verification page.
    /// - Returns: whether such a sign-in was waiting.
    @discardableResult
    public func approveDeviceSignIn(userCode: String) -> Bool {
        state.withLock { $0.signIns.approve(userCode: userCode) }
    }

    /// The user codes of device sign-ins waiting for approval.
    public var pendingDeviceUserCodes: [String] {
        state.withLock { state in state.signIns.devices.values.filter { !$0.approved }.map(\.userCode) }
    }

    /// Whether the refresh token was revoked and not reissued since.
    public var isRefreshTokenRevoked: Bool {
        state.withLock { $0.refreshTokenRevoked }
    }

    /// Queues a fault; the next request it matches gets the fault's answer instead of the normal one.
    public func enqueueFault(_ fault: EmulatorFault) {
        state.withLock { $0.faults.append(fault) }
    }

    /// Restores the initial state: seed data, no issued tokens, no recorded requests, faults or emails.
    public func reset() {
        let fresh = EmulatorState(configuration: configuration)
        state.withLock { $0 = fresh }
    }
}
