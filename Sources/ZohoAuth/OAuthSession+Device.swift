#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import CurlHTTP
import JSONCore

/// What a device sign-in is doing while it waits, for a progress line.
public enum DeviceSignInEvent: Sendable, Hashable {
    /// Zoho asked for slower polling; the new interval in seconds.
    case slowedDown(interval: Int)
    /// The person's account lives in another data centre; polling continues at that accounts server.
    case movedTo(URL)
}

extension OAuthSession {
    /// Starts a device sign-in (`POST {accounts}/oauth/v3/device/code`) asking for a refresh token.
    public func startDeviceAuthorization(client: OAuthClient, scopes: [String]) async throws -> DeviceAuthorization {
        let server = accountsURL
        let request = TokenEndpoint.formRequest(
            accountsURL: server, path: "oauth/v3/device/code",
            form: [
                ("client_id", client.id),
                ("grant_type", "device_request"),
                ("scope", scopes.joined(separator: ",")),
                ("access_type", "offline"),
                ("prompt", "consent"),
            ])
        let object = try await send(request, operation: .deviceAuthorization, accountsURL: server)
        guard let userCode = object["user_code"]?.stringValue, let deviceCode = object["device_code"]?.stringValue,
            let verification = (object["verification_url"] ?? object["verification_uri"])?.stringValue
        else {
            throw OAuthError.malformedResponse(
                operation: .deviceAuthorization, accountsServer: TokenEndpoint.origin(server),
                reason: "it lacks user_code, device_code or verification_url")
        }
        var lifetime = TokenEndpoint.seconds(object["expires_in"]) ?? 300
        if lifetime > 86_400 { lifetime /= 1000 }
        let interval = max(1, TokenEndpoint.seconds(object["interval"]) ?? 5)
        return DeviceAuthorization(
            userCode: userCode, verificationURL: verification, deviceCode: deviceCode, interval: interval,
            expiresAt: now().addingTimeInterval(TimeInterval(lifetime)), accountsURL: server, scopes: scopes)
    }

    /// Polls until the person approves, then stores the credentials like any sign-in.
    ///
    /// Polls at Zoho's interval; `slow_down` adds five seconds to it (as RFC 8628 asks), `authorization_pending`
    /// waits another interval, and `other_dc` moves polling to the named data centre's accounts server when that
    /// is one of Zoho's.
    /// - Parameters:
    ///   - progress: told when the interval or the accounts server changes.
    ///   - sleep: waits between polls; tests shorten it.
    public func completeDeviceAuthorization(
        _ authorization: DeviceAuthorization,
        client: OAuthClient,
        progress: @escaping @Sendable (DeviceSignInEvent) -> Void = { _ in },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) async throws -> AccessToken {
        var current = authorization
        while true {
            try await sleep(.seconds(current.interval))
            let server = current.accountsURL
            guard now() < current.expiresAt else {
                throw OAuthError.deviceCodeExpired(accountsServer: TokenEndpoint.origin(server))
            }
            let request = TokenEndpoint.formRequest(
                accountsURL: server, path: "oauth/v3/device/token",
                form: [
                    ("client_id", client.id),
                    ("client_secret", client.secret),
                    ("grant_type", "device_token"),
                    ("code", current.deviceCode),
                ])
            let response = try await exchange(request, operation: .deviceToken, accountsURL: server)
            let object = (try? JSONParser.parse(response.body))?.objectValue ?? [:]
            switch object["error"]?.stringValue?.lowercased() {
            case "authorization_pending"?:
                continue
            case "slow_down"?:
                current.interval += 5
                progress(.slowedDown(interval: current.interval))
                continue
            case "other_dc"?:
                let named =
                    (object["accounts-server"] ?? object["accounts_server"] ?? object["accounts_url"])?.stringValue
                    .flatMap { AccountsServerPolicy.accepted($0, configured: accountsURL) }
                let located = object["location"]?.stringValue.flatMap(AccountsServerPolicy.server(forLocation:))
                guard let next = named ?? located else {
                    throw OAuthError.malformedResponse(
                        operation: .deviceToken, accountsServer: TokenEndpoint.origin(server),
                        reason: "it reports another data centre without naming one of Zoho's accounts servers")
                }
                current.accountsURL = next
                progress(.movedTo(next))
                continue
            default:
                let granted = try TokenEndpoint.interpret(response, operation: .deviceToken, accountsURL: server)
                return try await withFileLock {
                    try self.storeGrant(
                        granted, client: client, accountsURL: server, requestedScopes: current.scopes,
                        operation: .deviceToken)
                }
            }
        }
    }
}
