#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import CurlHTTP
import JSONCore

// MARK: - Zoho Accounts: POST /oauth/v2/token and /oauth/v2/token/revoke

extension EmulatorState {
    /// The parameters of a token request: query string first, then an `application/x-www-form-urlencoded` body.
    ///
    /// JSON bodies are not read, exactly as Zoho ignores them (the client then gets `invalid_client`).
    private func tokenParameters(_ request: EmulatorRequest) -> [String: String] {
        var parameters: [String: String] = [:]
        for item in request.query where parameters[item.name] == nil {
            parameters[item.name] = item.value
        }
        let contentType = request.header("content-type")?.lowercased() ?? ""
        if contentType.contains("application/x-www-form-urlencoded") || (contentType.isEmpty && !request.body.isEmpty) {
            let text = String(decoding: request.body, as: UTF8.self)
            if !text.hasPrefix("{") {
                for item in EmulatorRequest.decodeForm(text) where parameters[item.name] == nil {
                    parameters[item.name] = item.value
                }
            }
        }
        return parameters
    }

    private func apiDomain(for request: EmulatorRequest) -> String {
        if let configured = configuration.apiDomain { return configured }
        if let host = request.header("host"), !host.isEmpty { return "http://\(host)" }
        return "https://www.zohoapis.com"
    }

    private static func oauthError(_ code: String) -> EmulatorResponse {
        json(200, ["error": .string(code)])
    }

    /// Answers `POST /oauth/v2/token`. Zoho reports OAuth failures with HTTP 200 and an `error` field.
    mutating func handleToken(_ request: EmulatorRequest) -> EmulatorResponse {
        guard request.method == "POST" else {
            return Self.json(
                405, ["error": "invalid_request", "error_description": "Use POST for the token endpoint."])
        }
        let parameters = tokenParameters(request)
        guard parameters["client_id"] == configuration.clientID,
            parameters["client_secret"] == configuration.clientSecret
        else {
            return Self.oauthError("invalid_client")
        }
        let grantType = parameters["grant_type"] ?? ""
        guard grantType == "refresh_token" || grantType == "authorization_code" else {
            return Self.oauthError("unsupported_grant_type")
        }
        var body: JSONObject = [:]
        if grantType == "refresh_token" {
            guard parameters["refresh_token"] == configuration.refreshToken, !refreshTokenRevoked else {
                return Self.oauthError("invalid_code")
            }
        } else {
            guard let code = parameters["code"] else { return Self.oauthError("invalid_code") }
            if authorizationCodes.remove(code) != nil {
                body["scope"] = "ZohoSubscriptions.fullaccess.all"
            } else if let issued = signIns.codes.removeValue(forKey: code) {
                // A code is spent by any attempt, as Zoho's are, so a failed check cannot be retried.
                if let expected = issued.redirectURI, parameters["redirect_uri"] != expected {
                    return Self.oauthError("invalid_redirect_uri")
                }
                if let challenge = issued.challenge {
                    guard let verifier = parameters["code_verifier"], PKCEChallenge.s256(verifier) == challenge else {
                        return Self.oauthError("invalid_code_verifier")
                    }
                }
                body["scope"] = .string(issued.scopes.joined(separator: ","))
            } else {
                return Self.oauthError("invalid_code")
            }
            refreshTokenRevoked = false
            body["refresh_token"] = .string(configuration.refreshToken)
        }
        return issueTokens(into: body, for: request)
    }

    /// Adds a fresh access token to a grant's answer, unless the token-request throttle is exhausted.
    private mutating func issueTokens(into grant: JSONObject, for request: EmulatorRequest) -> EmulatorResponse {
        var body = grant
        if let limit = configuration.tokenRateLimit {
            let windowStart = ContinuousClock.now.advanced(by: .zero - configuration.tokenRateLimitWindow)
            tokenIssueTimes.removeAll { $0 < windowStart }
            if tokenIssueTimes.count >= limit {
                return Self.json(
                    400,
                    [
                        "error": "Access Denied",
                        "error_description":
                            "You have made too many requests continuously. Please try again after some time.",
                        "status": "failure",
                    ])
            }
            tokenIssueTimes.append(.now)
        }
        body["access_token"] = .string(issueAccessToken())
        body["api_domain"] = .string(apiDomain(for: request))
        body["token_type"] = "Bearer"
        body["expires_in"] = .int(configuration.accessTokenLifetime)
        return Self.json(200, body)
    }

    /// Answers `POST /oauth/v2/token/revoke?token=…`: revoking the refresh token also kills its access tokens.
    mutating func handleRevoke(_ request: EmulatorRequest) -> EmulatorResponse {
        guard request.method == "POST" else {
            return Self.json(405, ["error": "invalid_request", "error_description": "Use POST to revoke a token."])
        }
        let token = tokenParameters(request)["token"] ?? ""
        if token == configuration.refreshToken {
            refreshTokenRevoked = true
            expireAllAccessTokens()
        } else {
            accessTokens[token]?.invalidated = true
        }
        return Self.json(200, ["status": "success"])
    }
}

// MARK: - Zoho Accounts: GET /oauth/v2/auth (the browser sign-in) and the device flow under /oauth/v3/device

extension EmulatorState {
    /// Answers the browser's `GET /oauth/v2/auth` as if the person signed in and pressed Accept: a 302 to the
    /// redirect URI with a code, the echoed `state`, and the multi-DC parameters `location` and `accounts-server`.
    mutating func handleAuthorize(_ request: EmulatorRequest) -> EmulatorResponse {
        func page(_ status: Int, _ text: String) -> EmulatorResponse {
            EmulatorResponse(
                status: status, headers: ["Content-Type": "text/plain;charset=UTF-8"], body: Data(text.utf8))
        }
        guard request.method == "GET" else { return page(405, "Use GET for the authorization page.") }
        guard request.queryValue("client_id") == configuration.clientID else {
            return page(400, "Invalid client: no such client_id.")
        }
        guard request.queryValue("response_type") == "code" else { return page(400, "response_type must be code.") }
        guard let redirect = request.queryValue("redirect_uri"), !redirect.isEmpty else {
            return page(400, "Invalid redirect URI.")
        }
        let challenge = request.queryValue("code_challenge")
        if challenge != nil, request.queryValue("code_challenge_method") != "S256" {
            return page(400, "Only the S256 code challenge method is supported.")
        }
        let scopes = (request.queryValue("scope") ?? "").split(separator: ",").map(String.init)
        let code = "1000." + Self.randomHex(32)
        signIns.codes[code] = SignInState.IssuedCode(redirectURI: redirect, challenge: challenge, scopes: scopes)
        var parameters: [(String, String)] = [("code", code)]
        if let state = request.queryValue("state") { parameters.append(("state", state)) }
        parameters.append(("location", "us"))
        parameters.append(("accounts-server", accountsServer(for: request)))
        let query = parameters.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }
            .joined(separator: "&")
        let location = redirect + (redirect.contains("?") ? "&" : "?") + query
        return EmulatorResponse(status: 302, headers: ["Location": location], body: Data())
    }

    /// Answers `POST /oauth/v3/device/code`: a device code to poll with and a user code to approve.
    mutating func handleDeviceCode(_ request: EmulatorRequest) -> EmulatorResponse {
        let parameters = tokenParameters(request)
        guard parameters["client_id"] == configuration.clientID else { return Self.oauthError("invalid_client") }
        guard parameters["grant_type"] == "device_request" else { return Self.oauthError("unsupported_grant_type") }
        let deviceCode = "1000." + Self.randomHex(40)
        let letters = Array("BCDFGHJKLMNPQRSTVWXZ")
        var generator = SystemRandomNumberGenerator()
        let userCode = String((0..<8).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
        let scopes = (parameters["scope"] ?? "").split(separator: ",").map(String.init)
        signIns.devices[deviceCode] = SignInState.DeviceSignIn(
            userCode: userCode, scopes: scopes,
            expiresAt: .now.advanced(by: .seconds(configuration.deviceCodeLifetime)))
        return Self.json(
            200,
            [
                "device_code": .string(deviceCode),
                "user_code": .string(userCode),
                "verification_url": .string(accountsServer(for: request) + "/oauth/v3/device"),
                "expires_in": .int(configuration.deviceCodeLifetime),
                "interval": .int(configuration.deviceCodeInterval),
            ])
    }

    /// Answers `POST /oauth/v3/device/token`: `authorization_pending` until approved, `slow_down` when polled
    /// sooner than the interval, `expired_token` after the lifetime, then tokens (once).
    mutating func handleDeviceToken(_ request: EmulatorRequest) -> EmulatorResponse {
        let parameters = tokenParameters(request)
        guard parameters["client_id"] == configuration.clientID,
            parameters["client_secret"] == configuration.clientSecret
        else {
            return Self.oauthError("invalid_client")
        }
        guard parameters["grant_type"] == "device_token" else { return Self.oauthError("unsupported_grant_type") }
        guard let code = parameters["code"], var device = signIns.devices[code] else {
            return Self.oauthError("invalid_code")
        }
        let now = ContinuousClock.now
        guard now < device.expiresAt else {
            signIns.devices[code] = nil
            return Self.oauthError("expired_token")
        }
        if !device.approved {
            // A little slack, so that a client sleeping exactly the interval is not told to slow down.
            let minimum = Duration.seconds(configuration.deviceCodeInterval) - .milliseconds(250)
            let tooSoon = device.lastPoll.map { now - $0 < minimum } ?? false
            device.lastPoll = now
            signIns.devices[code] = device
            return Self.oauthError(tooSoon ? "slow_down" : "authorization_pending")
        }
        signIns.devices[code] = nil
        refreshTokenRevoked = false
        return issueTokens(
            into: [
                "refresh_token": .string(configuration.refreshToken),
                "scope": .string(device.scopes.joined(separator: ",")),
            ], for: request)
    }

    /// The verification page: `GET /oauth/v3/device?user_code=…` approves that sign-in, so a person trying the
    /// fake by hand can finish a device sign-in in a browser.
    mutating func handleDeviceApproval(_ request: EmulatorRequest) -> EmulatorResponse {
        let text: String
        let status: Int
        if let userCode = request.queryValue("user_code"), !userCode.isEmpty {
            let approved = signIns.approve(userCode: userCode)
            status = approved ? 200 : 404
            text = approved ? "Approved. Return to the terminal." : "No sign-in is waiting for that code."
        } else {
            status = 200
            text = "Open this page with ?user_code=<the code shown in the terminal> to approve the sign-in."
        }
        return EmulatorResponse(
            status: status, headers: ["Content-Type": "text/plain;charset=UTF-8"], body: Data(text.utf8))
    }

    /// This server's own root, as the multi-DC parameters name it.
    private func accountsServer(for request: EmulatorRequest) -> String {
        if let host = request.header("host"), !host.isEmpty { return "http://\(host)" }
        return "https://accounts.zoho.com"
    }

    private static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int.random(in: 0..<16, using: &generator)] })
    }
}
