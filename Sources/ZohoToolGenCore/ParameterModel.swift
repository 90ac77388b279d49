/// Where one argument goes in the Zoho request.
struct ParameterModel: Sendable, Hashable {
    var argument: String
    var location: String
    var name: String
    var values: [String: String]
}
