public import JSONCore

/// An error answer to a request: a JSON-RPC code, a sentence for the client, and optional data.
public struct JSONRPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON-RPC error code, such as -32602 for invalid params.
    public var code: Int
    /// One sentence for the client.
    public var message: String
    /// Extra detail for the client, sent as the error's `data` member when present.
    public var data: JSONValue?

    /// Creates an error from its members.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The code and message, for logs.
    public var description: String { "JSON-RPC error \(code): \(message)" }

    /// The `error` member of a response.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }

    /// The line was not JSON.
    public static func parseError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32700, message: "Parse error: \(detail)")
    }

    /// The message is JSON but not a valid request.
    public static func invalidRequest(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32600, message: "Invalid request: \(detail)")
    }

    /// This server does not implement the method (in the era the request was made in).
    public static func methodNotFound(_ method: String, detail: String? = nil) -> JSONRPCError {
        JSONRPCError(code: -32601, message: "Method not found: \(method)" + (detail.map { ". " + $0 } ?? ""))
    }

    /// The parameters do not fit the method (an unknown tool name, a missing field).
    public static func invalidParams(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32602, message: detail)
    }

    /// Something failed inside the server; the message never carries internal details.
    public static func internalError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32603, message: "Internal error: \(detail)")
    }

    /// The 2026-07-28 answer to a request made at a protocol version this server does not speak.
    public static func unsupportedProtocolVersion(requested: String, supported: [String]) -> JSONRPCError {
        JSONRPCError(
            code: -32022, message: "Unsupported protocol version",
            data: ["supported": .array(supported.map(JSONValue.string)), "requested": .string(requested)])
    }
}
