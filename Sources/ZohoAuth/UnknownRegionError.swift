/// A region name that is not one of Zoho's data centres.
public struct UnknownRegionError: SettingAwareError, Hashable {
    /// The name as given.
    public let name: String

    /// Creates a value from its parts.
    public init(name: String) {
        self.name = name
    }

    /// A full sentence listing the valid names, with the region setting named by `vocabulary`.
    public func message(using vocabulary: any SettingVocabulary) -> String {
        let names = ZohoRegion.allCases.map(\.rawValue).joined(separator: ", ")
        return "Unknown Zoho region \"\(name)\". Set \(vocabulary.name(of: .region)) to one of \(names): the data "
            + "centre of your Zoho account."
    }
}
