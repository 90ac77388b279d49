package import CurlHTTP
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
package import JSONCore
package import Logging

/// Sends Zoho requests for one product: API root, organization, OAuth header, JSON bodies and Zoho's envelope.
package struct ZohoClient: Sendable {
    package var apiBaseURL: String
    package var organizationPlacement: OrganizationPlacement
    package var transport: any HTTPTransport
    package var tokens: any AccessTokenSource
    package var timeout: Double
    package var logger: Logger

    package init(
        apiBaseURL: String, organizationPlacement: OrganizationPlacement, transport: any HTTPTransport,
        tokens: any AccessTokenSource, timeout: Double = 60, logger: Logger
    ) {
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        self.organizationPlacement = organizationPlacement
        self.transport = transport
        self.tokens = tokens
        self.timeout = timeout
        self.logger = logger
    }

    /// Sends the request and returns Zoho's parsed body when it reports success (`code` 0).
    ///
    /// A 401 triggers one token refresh and one retry. Nothing else is retried here: a create that timed out may
    /// have been applied, and repeating it could bill a customer twice.
    /// - Throws: ``ZohoAPIError`` for Zoho's errors (including HTTP 200 with a non-zero code),
    ///   ``ZohoClientError`` for transport and credential problems, `CancellationError`.
    package func send(_ request: ZohoRequest, organizationID: String?) async throws -> ZohoResponse {
        let token = try await tokens.accessToken()
        var response = try await perform(request, organizationID: organizationID, token: token)
        if response.status == 401 {
            logger.debug("Zoho rejected the access token; refreshing once", metadata: ["path": "\(request.path)"])
            let replacement = try await tokens.accessToken(replacing: token)
            response = try await perform(request, organizationID: organizationID, token: replacement)
        }
        let envelope = try ZohoClient.decodeEnvelope(response)
        return ZohoResponse(status: response.status, body: envelope.body, verbatim: envelope.verbatim)
    }

    private func perform(_ request: ZohoRequest, organizationID: String?, token: String) async throws -> HTTPResponse {
        var routed = request
        var headers: HTTPHeaders = [
            "Authorization": "Zoho-oauthtoken \(token)",
            "Accept": "application/json",
        ]
        if request.needsOrganization, let organizationID {
            switch organizationPlacement {
            case .header(let name): headers.add(name: name, value: organizationID)
            case .query(let name): routed.query.append(.init(name: name, value: organizationID))
            }
        }
        var urlText = apiBaseURL + routed.path
        let query = routed.encodedQuery
        if !query.isEmpty { urlText += "?" + query }
        guard let url = URL(string: urlText) else {
            throw ZohoClientError("The API address \(apiBaseURL) does not form a valid URL with \(request.path).")
        }
        var body: Data? = nil
        if let json = request.body {
            headers.add(name: "Content-Type", value: "application/json;charset=UTF-8")
            body = json.serializedData()
        }
        let started = ContinuousClock.now
        do {
            let response = try await transport.send(
                HTTPRequest(method: request.method, url: url, headers: headers, body: body, timeout: timeout))
            logger.debug(
                "Zoho call",
                metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.path)", "status": "\(response.status)",
                    "duration": "\(ContinuousClock.now - started)",
                ])
            return response
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            var message = "Could not complete the call to Zoho (\(request.method.rawValue) \(request.path)): \(error)"
            if request.method != .get {
                message += " The change may still have been applied; check its current state before trying again."
            }
            throw ZohoClientError(message)
        }
    }

    /// Parses Zoho's envelope; any HTTP error or non-zero `code` becomes a ``ZohoAPIError``. The body's text is
    /// kept beside the value, so results can pass Zoho's JSON on without writing it again.
    package static func decodeEnvelope(_ response: HTTPResponse) throws -> (
        body: JSONValue, verbatim: VerbatimJSONObject?
    ) {
        let parsed = try? JSONParser.parseKeepingText(response.body)
        guard let parsed, case .object(let members) = parsed.value else {
            let snippet = String(decoding: response.body.prefix(160), as: UTF8.self)
                .replacing("\n", with: " ")
            let message =
                response.body.isEmpty ? "an empty body instead of JSON" : "a body that is not Zoho's JSON: \(snippet)"
            throw ZohoAPIError(status: response.status, code: nil, message: "Zoho sent \(message)")
        }
        let code = members["code"]?.numberValue?.intValue
        let message = members["message"]?.stringValue ?? members["error"]?.stringValue ?? ""
        guard (200..<300).contains(response.status), code == 0 || (code == nil && members["error"] == nil) else {
            throw ZohoAPIError(status: response.status, code: code, message: message)
        }
        return (parsed.value, parsed.verbatim)
    }
}
