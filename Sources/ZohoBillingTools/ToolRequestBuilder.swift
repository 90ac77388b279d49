import CurlHTTP
package import JSONCore

/// Builds the Zoho request for a tool from validated arguments, following the schema's parameter mapping.
package enum ToolRequestBuilder {
    /// - Parameter arguments: a JSON object already validated against the tool's input schema.
    package static func build(_ tool: ToolDescriptor, arguments: [String: JSONValue]) -> ZohoRequest {
        var path = tool.path
        var query: [ZohoRequest.QueryItem] = []
        var body: [String: JSONValue] = [:]
        for mapping in tool.parameters {
            guard var value = arguments[mapping.argument], value != .null else {
                if mapping.argument == "per_page" && tool.isList {
                    query.append(.init(name: "per_page", value: String(ToolRequestBuilder.defaultPerPage)))
                }
                continue
            }
            if case .string(let text) = value, let mapped = mapping.values[text] {
                value = .string(mapped)
            }
            switch mapping.location {
            case .path:
                path = fill(path, placeholder: "{\(mapping.name)}", with: PercentEncoding.encode(scalarText(value)))
            case .query:
                query.append(.init(name: mapping.name, value: scalarText(value)))
            case .body:
                body[mapping.name] = value
            }
        }
        let sendsBody = tool.method == .post || tool.method == .put
        return ZohoRequest(
            method: tool.method,
            path: path,
            query: query.sorted { $0.name < $1.name },
            body: sendsBody ? .object(body) : nil,
            needsOrganization: tool.usesOrganization
        )
    }

    /// Replaces the placeholder's first occurrence. A byte search by hand: the standard library's
    /// `firstRange(of:)` and `replacing` take a generic path that cost microseconds per call here.
    private static func fill(_ path: String, placeholder: String, with value: String) -> String {
        let haystack = Array(path.utf8)
        let needle = Array(placeholder.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return path }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            var filled = haystack[..<start]
            filled.append(contentsOf: value.utf8)
            filled.append(contentsOf: haystack[(start + needle.count)...])
            return String(decoding: filled, as: UTF8.self)
        }
        return path
    }

    /// Problems with path arguments that would change which resource a request reaches: an empty value, `.` or
    /// `..` (a URL library resolves dot segments, so `coupon_code: ".."` would climb out of its resource). One
    /// sentence per argument; empty when all are safe.
    package static func unsafePathArguments(_ tool: ToolDescriptor, arguments: [String: JSONValue]) -> [String] {
        tool.parameters.compactMap { mapping in
            guard mapping.location == .path, let value = arguments[mapping.argument], value != .null else {
                return nil
            }
            let text = scalarText(value)
            guard text.isEmpty || text == "." || text == ".." else { return nil }
            return "`\(mapping.argument)` must name one record; \"\(text)\" is not an id or code."
        }
    }

    /// Rows per page when the caller does not say: small enough to keep results readable for an agent.
    package static let defaultPerPage = 25

    private static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .array, .object: value.serialized()
        }
    }
}
