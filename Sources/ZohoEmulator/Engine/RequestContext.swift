import JSONCore

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
