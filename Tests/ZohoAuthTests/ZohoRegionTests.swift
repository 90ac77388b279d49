import Foundation
import Testing
import ZohoAuth

@Suite struct ZohoRegionTests {
    @Test(
        "Each region maps to its API origin (no product path) and accounts server",
        arguments: [
            (ZohoRegion.us, "https://www.zohoapis.com", "https://accounts.zoho.com"),
            (.eu, "https://www.zohoapis.eu", "https://accounts.zoho.eu"),
            (.in, "https://www.zohoapis.in", "https://accounts.zoho.in"),
            (.au, "https://www.zohoapis.com.au", "https://accounts.zoho.com.au"),
            (.jp, "https://www.zohoapis.jp", "https://accounts.zoho.jp"),
            (.ca, "https://www.zohoapis.ca", "https://accounts.zohocloud.ca"),
            (.cn, "https://www.zohoapis.com.cn", "https://accounts.zoho.com.cn"),
            (.sa, "https://www.zohoapis.sa", "https://accounts.zoho.sa"),
        ]
    )
    func urls(region: ZohoRegion, api: String, accounts: String) {
        #expect(region.apiOrigin.absoluteString == api)
        #expect(region.apiOrigin.path.isEmpty)
        #expect(region.accountsURL.absoluteString == accounts)
    }

    @Test("Region names parse ignoring case and spaces, and domain suffixes are accepted")
    func parsing() throws {
        #expect(ZohoRegion(rawValue: "eu") == .eu)
        #expect(ZohoRegion(rawValue: "EU") == nil)
        #expect(try ZohoRegion.parse(" EU ") == .eu)
        #expect(try ZohoRegion.parse("in") == .in)
        #expect(try ZohoRegion.parse("com.au") == .au)
        #expect(try ZohoRegion.parse(".com") == .us)
        #expect(ZohoRegion.allCases.count == 8)
    }

    @Test("An unknown region name gives an error listing the valid names and pointing at the region setting")
    func unknownRegion() throws {
        let error = try #require(throws: UnknownRegionError.self) { try ZohoRegion.parse("uk") }
        #expect(
            error.message(using: TestVocabulary())
                == "Unknown Zoho region \"uk\". Set {region} to one of us, eu, in, au, jp, ca, cn, sa: the data "
                + "centre of your Zoho account."
        )
        #expect(error.description.contains("Set the region setting to one of us, eu,"))
    }
}
