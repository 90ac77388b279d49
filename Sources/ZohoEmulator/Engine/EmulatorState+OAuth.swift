#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
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
            guard let code = parameters["code"], authorizationCodes.remove(code) != nil else {
                return Self.oauthError("invalid_code")
            }
            refreshTokenRevoked = false
            body["refresh_token"] = .string(configuration.refreshToken)
            body["scope"] = "ZohoSubscriptions.fullaccess.all"
        }
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
