/// Where an argument travels in the Zoho request.
package enum ParameterLocation: String, Sendable, Hashable {
    case path
    case query
    case body
}
