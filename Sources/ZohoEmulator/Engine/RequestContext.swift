#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

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

/// A successful answer: HTTP status and the envelope (which already holds `code` and `message`).
struct APIReply {
    var status: Int
    var body: JSONObject

    /// HTTP 200 with `code` 0.
    static func ok(_ message: String = "success", _ extra: JSONObject = [:]) -> APIReply {
        var body = extra
        body["code"] = 0
        body["message"] = .string(message)
        return APIReply(status: 200, body: body)
    }

    /// HTTP 201 with `code` 0, for creates.
    static func created(_ message: String, _ extra: JSONObject) -> APIReply {
        var reply = ok(message, extra)
        reply.status = 201
        return reply
    }
}

/// Everything a resource handler may read about the request, plus the side effects it reports back.
struct RequestContext {
    /// The HTTP method.
    let method: String
    /// The values of the route's `{}` placeholders, in order.
    let parameters: [String]
    /// The decoded query parameters.
    let query: [EmulatorQueryItem]
    /// The parsed JSON body (`{}` when there was none).
    let body: JSONObject
    /// The organization's current date.
    let today: CalendarDate
    /// The current time in Zoho's timestamp format.
    let timestamp: String
    /// Invoice emails sent while handling this request.
    var sentEmails: [EmulatorSentEmail] = []

    /// The first value of a query parameter, ignoring empty values.
    func query(_ name: String) -> String? {
        guard let value = query.first(where: { $0.name == name })?.value, !value.isEmpty else { return nil }
        return value
    }

    /// The path placeholder at `index`.
    func parameter(_ index: Int) -> String {
        parameters[index]
    }
}

/// A rows store that remembers insertion order, so "newest first" and pagination are deterministic.
struct Table {
    private(set) var order: [String] = []
    private var rows: [String: JSONObject] = [:]

    /// The row with this id.
    subscript(id: String) -> JSONObject? {
        get { rows[id] }
        set {
            if let newValue {
                if rows[id] == nil { order.append(id) }
                rows[id] = newValue
            } else if rows.removeValue(forKey: id) != nil {
                order.removeAll { $0 == id }
            }
        }
    }

    /// Every row, oldest first.
    var all: [JSONObject] {
        order.compactMap { rows[$0] }
    }

    /// How many rows there are.
    var count: Int { rows.count }
}
