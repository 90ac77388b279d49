import JSONCore

/// What a request context needs from the server: notifications and requests to the client.
protocol ClientChannel: Sendable {
    func notify(method: String, params: JSONValue)
    func request(method: String, params: JSONValue) async throws -> JSONValue
}
