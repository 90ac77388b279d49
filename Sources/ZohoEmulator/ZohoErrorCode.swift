/// The Zoho `code` values the emulator answers with, and the HTTP status each goes with.
///
/// Codes 0, 5, 14, 57, 1002 and 1038 are Zoho's own (see zoho-api.md §8). Zoho does not document codes for a
/// missing or unknown organization, for validation failures or for state conflicts, so the emulator uses the
/// plausible values below; clients must classify by HTTP status first and treat any non-zero `code` as failure.
public enum ZohoErrorCode {
    /// Success.
    public static let success = 0
    /// HTTP 400: a value has the wrong type or is out of range ("Invalid value passed for per_page.").
    public static let invalidValue = 4
    /// HTTP 404: no such route ("Invalid URL Passed"), Zoho's own code and text.
    public static let invalidURL = 5
    /// HTTP 400: a required field, query parameter or the organization header is missing.
    public static let missingValue = 6
    /// HTTP 401: no `Authorization: Zoho-oauthtoken …` header, or a malformed one ("Invalid OAuth token.").
    public static let invalidOAuthToken = 14
    /// HTTP 405: the route exists but not for this HTTP method.
    public static let methodNotAllowed = 37
    /// HTTP 401: the access token is unknown, expired, revoked or invalidated
    /// ("You are not authorized to perform this operation").
    public static let notAuthorized = 57
    /// HTTP 500: an unexpected emulator failure, never expected in practice.
    public static let internalError = 1000
    /// HTTP 404 for a resource named in the URL ("Invoice does not exist."), HTTP 400 for one named in the body.
    public static let resourceNotFound = 1002
    /// HTTP 400: the body is not well-formed JSON ("JSON is not well formed").
    public static let malformedJSON = 1038
    /// **HTTP 200**: a business rule forbids the action in the resource's current state, for example voiding an
    /// invoice that is already void or cancelling a cancelled subscription. Zoho answers some such rejections
    /// with HTTP 200 and a non-zero code, so clients must always check `code`.
    public static let invalidState = 1040
    /// HTTP 403: the organization id in the header is not one this user belongs to.
    public static let unknownOrganization = 6041
}
