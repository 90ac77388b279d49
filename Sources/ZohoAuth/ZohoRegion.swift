#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif
import PlatformSupport

/// A Zoho data centre: the host its product APIs share and the host of its OAuth accounts server.
///
/// A refresh token and an OAuth client belong to one data centre, so the region must match the account. Paths such
/// as Billing's `/billing/v1` or Books' `/books/v3` are a product's business, not the data centre's, so none appear
/// here.
public enum ZohoRegion: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case us
    case eu
    case `in`
    case au
    case jp
    case ca
    case cn
    case sa

    /// The region assumed when none is configured.
    public static let `default` = ZohoRegion.us

    /// The domain suffix after `zohoapis.` (`com`, `eu`, `com.au`, …).
    public var domainSuffix: String {
        switch self {
        case .us: "com"
        case .eu: "eu"
        case .in: "in"
        case .au: "com.au"
        case .jp: "jp"
        case .ca: "ca"
        case .cn: "com.cn"
        case .sa: "sa"
        }
    }

    /// The origin every Zoho product API of this data centre is served from, for example `https://www.zohoapis.eu`.
    ///
    /// It has no path; a product appends its own root (`/billing/v1`, `/books/v3`, …).
    public var apiOrigin: URL {
        URL(string: "https://www.zohoapis.\(domainSuffix)")!
    }

    /// The OAuth accounts server, for example `https://accounts.zoho.eu`.
    ///
    /// Canada is the exception: its accounts server is `https://accounts.zohocloud.ca`, not `accounts.zoho.ca`.
    public var accountsURL: URL {
        switch self {
        case .ca: URL(string: "https://accounts.zohocloud.ca")!
        default: URL(string: "https://accounts.zoho.\(domainSuffix)")!
        }
    }

    /// The data centre's name for people, e.g. "Europe".
    public var displayName: String {
        switch self {
        case .us: "United States"
        case .eu: "Europe"
        case .in: "India"
        case .au: "Australia"
        case .jp: "Japan"
        case .ca: "Canada"
        case .cn: "China"
        case .sa: "Saudi Arabia"
        }
    }

    /// The short region name that ``parse(_:)`` accepts, e.g. `eu`.
    public var description: String { rawValue }

    /// Parses a region name as a user types it: case and surrounding spaces are ignored, and the domain
    /// suffix (`com`, `com.au`, `com.cn`) is accepted as well as the region name.
    /// - Throws: ``UnknownRegionError`` listing the valid names.
    public static func parse(_ text: String) throws(UnknownRegionError) -> ZohoRegion {
        let name = text.trimmingWhitespace().lowercased()
        if let region = ZohoRegion(rawValue: name) { return region }
        let suffix = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if let region = ZohoRegion.allCases.first(where: { $0.domainSuffix == suffix }) { return region }
        throw UnknownRegionError(name: text)
    }
}
