/// A Zoho error answer: HTTP status plus the envelope's `code` and `message`.
struct APIError: Error, Equatable {
    var status: Int
    var code: Int
    var message: String

    /// HTTP 404 / 1002 for a resource named in the URL: "Invoice does not exist."
    static func notFound(_ what: String) -> APIError {
        APIError(status: 404, code: ZohoErrorCode.resourceNotFound, message: "\(what) does not exist.")
    }

    /// HTTP 400 / 1002 for a resource named in the request body.
    static func unknownReference(_ what: String, field: String) -> APIError {
        APIError(
            status: 400, code: ZohoErrorCode.resourceNotFound,
            message: "\(what) does not exist. Check the value passed for \(field).")
    }

    /// HTTP 400 / 6 for a missing required value.
    static func missing(_ field: String) -> APIError {
        APIError(status: 400, code: ZohoErrorCode.missingValue, message: "\(field) is required but was not passed.")
    }

    /// HTTP 400 / 4 for a value of the wrong type or out of range.
    static func invalid(_ field: String, _ detail: String? = nil) -> APIError {
        let suffix = detail.map { " \($0)" } ?? ""
        return APIError(
            status: 400, code: ZohoErrorCode.invalidValue, message: "Invalid value passed for \(field).\(suffix)")
    }

    /// HTTP 200 / 1040: the action does not fit the resource's current state.
    static func state(_ message: String) -> APIError {
        APIError(status: 200, code: ZohoErrorCode.invalidState, message: message)
    }
}
