/// One argument's destination, and Zoho's spelling of its name and enum values.
package struct ParameterMapping: Sendable, Hashable {
    package var argument: String
    package var location: ParameterLocation
    package var name: String
    /// Our enum value → Zoho's value (`overdue` → `Status.OverDue`); empty when passed through unchanged.
    package var values: [String: String]

    package init(argument: String, location: ParameterLocation, name: String, values: [String: String] = [:]) {
        self.argument = argument
        self.location = location
        self.name = name
        self.values = values
    }
}
