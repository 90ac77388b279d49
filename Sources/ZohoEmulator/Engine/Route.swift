/// One API route: method, path pattern below the API prefix (`{}` marks a parameter) and handler.
struct Route: Sendable {
    typealias Handler = @Sendable (inout OrganizationData, inout RequestContext) throws -> APIReply

    let method: String
    let pattern: [String]
    let handler: Handler

    init(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        self.method = method
        self.pattern = pattern.split(separator: "/").map(String.init)
        self.handler = handler
    }

    /// The parameter values when `segments` fit this route's pattern.
    func match(_ segments: [String]) -> [String]? {
        guard segments.count == pattern.count else { return nil }
        var parameters: [String] = []
        for (expected, actual) in zip(pattern, segments) {
            if expected == "{}" {
                guard !actual.isEmpty else { return nil }
                parameters.append(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
