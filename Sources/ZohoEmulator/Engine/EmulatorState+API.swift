#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore
import PlatformSupport
import CurlHTTP

// MARK: - The Billing API under the configured prefix

extension EmulatorState {
    /// The organization header Zoho Billing reads.
    static let organizationHeader = "x-com-zoho-subscriptions-organizationid"

    /// Answers a request whose path lies under the API prefix.
    ///
    /// Order of checks: authentication (401), route (404 / 405), organization header (400 / 403), JSON body (400),
    /// then the resource handler. A handler that fails leaves the organization exactly as it was.
    mutating func handleAPI(_ request: EmulatorRequest) -> EmulatorResponse {
        let relative = request.path.dropFirst(configuration.apiPrefix.count)
        let segments = relative.split(separator: "/").map { PercentEncoding.decode(String($0)) }

        if configuration.requireAuthentication, let failure = authenticationFailure(request) {
            return Self.error(failure)
        }

        if segments.first == "organizations", segments.count <= 2 {
            return organizationsResponse(request, segments: segments)
        }

        let route: Route
        let parameters: [String]
        switch Routes.lookup(method: request.method, segments: segments) {
        case .notFound:
            return Self.invalidURL
        case .wrongMethod(let allowed):
            return Self.error(
                APIError(
                    status: 405, code: ZohoErrorCode.methodNotAllowed,
                    message: "The HTTP method \(request.method) is not allowed for the requested resource."),
                headers: ["Allow": allowed.joined(separator: ", ")])
        case .found(let found, let values):
            route = found
            parameters = values
        }

        guard let organizationID = request.header(Self.organizationHeader)?.trimmingWhitespace(),
            !organizationID.isEmpty
        else {
            return Self.error(
                APIError(
                    status: 400, code: ZohoErrorCode.missingValue,
                    message:
                        "The organization id is missing. Send it in the X-com-zoho-subscriptions-organizationid header."
                ))
        }
        guard let snapshot = organizations[organizationID] else {
            return Self.error(
                APIError(
                    status: 403, code: ZohoErrorCode.unknownOrganization,
                    message: "This user is not associated with the organization ID \(organizationID)."))
        }

        let body: JSONObject
        switch parseBody(request) {
        case .success(let parsed): body = parsed
        case .failure(let failure): return Self.error(failure)
        }

        let now = self.now
        var context = RequestContext(
            method: request.method, parameters: parameters, query: request.query, body: body,
            today: CalendarDate(now, in: snapshot.timeZone), timestamp: Timestamp.format(now, in: snapshot.timeZone))
        do {
            let reply = try route.handler(&organizations[organizationID]!, &context)
            sentEmails.append(contentsOf: context.sentEmails)
            return Self.json(reply.status, reply.body)
        } catch let failure as APIError {
            organizations[organizationID] = snapshot
            return Self.error(failure)
        } catch {
            organizations[organizationID] = snapshot
            return Self.error(
                APIError(status: 500, code: ZohoErrorCode.internalError, message: "Internal Error"))
        }
    }

    /// The 401 answer for a request without a working access token, or `nil` when the token is fine.
    private func authenticationFailure(_ request: EmulatorRequest) -> APIError? {
        let header = request.header("authorization")?.trimmingWhitespace() ?? ""
        let prefix = "zoho-oauthtoken "
        guard header.lowercased().hasPrefix(prefix) else {
            return APIError(
                status: 401, code: ZohoErrorCode.invalidOAuthToken,
                message: "Invalid OAuth token. Send the header 'Authorization: Zoho-oauthtoken <access token>'.")
        }
        let token = header.dropFirst(prefix.count).trimmingWhitespace()
        guard isValidAccessToken(token) else {
            return APIError(
                status: 401, code: ZohoErrorCode.notAuthorized,
                message: "You are not authorized to perform this operation")
        }
        return nil
    }

    /// `GET /organizations` and `GET /organizations/{id}`; neither needs the organization header.
    private func organizationsResponse(_ request: EmulatorRequest, segments: [String]) -> EmulatorResponse {
        guard request.method == "GET" else {
            return Self.error(
                APIError(
                    status: 405, code: ZohoErrorCode.methodNotAllowed,
                    message: "The HTTP method \(request.method) is not allowed for the requested resource."),
                headers: ["Allow": "GET"])
        }
        if segments.count == 2 {
            guard let organization = organizations[segments[1]] else {
                return Self.error(.notFound("Organization"))
            }
            return Self.json(
                200, ["code": 0, "message": "success", "organization": .object(organization.organizationView)])
        }
        let list = configuration.organizations.compactMap { organizations[$0.id]?.organizationView }
        var seen = Set<String>()
        let unique = list.filter { seen.insert($0.string("organization_id") ?? "").inserted }
        return Self.json(200, ["code": 0, "message": "success", "organizations": .array(unique.map(JSONValue.object))])
    }

    /// Parses the body of a write request. Zoho's legacy `JSONString=` form field is accepted too.
    private func parseBody(_ request: EmulatorRequest) -> Result<JSONObject, APIError> {
        let malformed = APIError(status: 400, code: ZohoErrorCode.malformedJSON, message: "JSON is not well formed")
        guard request.method == "POST" || request.method == "PUT" else { return .success([:]) }
        var data = request.body
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return .success([:]) }
        let contentType = request.header("content-type")?.lowercased() ?? ""
        if contentType.contains("application/x-www-form-urlencoded") {
            let fields = EmulatorRequest.decodeForm(String(decoding: data, as: UTF8.self))
            guard let json = fields.first(where: { $0.name == "JSONString" })?.value else { return .failure(malformed) }
            data = Data(json.utf8)
        }
        guard case .object(let object)? = try? JSONParser.parse(data) else { return .failure(malformed) }
        return .success(object)
    }
}
