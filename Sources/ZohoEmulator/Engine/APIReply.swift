import JSONCore

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
