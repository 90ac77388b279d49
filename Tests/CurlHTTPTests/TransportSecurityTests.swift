@testable import CurlHTTP
import Foundation
import TestSupport
import Testing

@Suite struct TransportSecurityTests {
    @Test(
        "Loopback hosts are recognised",
        arguments: ["127.0.0.1", "127.255.255.254", "127.0.0.53", "localhost", "LocalHost", "[::1]", "::1"]
    )
    func loopbackHosts(host: String) {
        #expect(TransportSecurity.isLoopback(host: host))
        #expect(TransportSecurity.allows(scheme: "http", host: host))
        #expect(TransportSecurity.allowedProtocols(host: host) == "http,https")
    }

    @Test(
        "Other hosts are not loopback",
        arguments: [
            "128.0.0.1", "10.0.0.1", "127.0.0.1.example.com", "localhost.example.com", "[::2]", "example.com",
            "1270.0.0.1", "127.0.0.256", "127.0.0", "127.0.0.1.", "", "[::ffff:127.0.0.1]",
        ]
    )
    func remoteHosts(host: String) {
        #expect(!TransportSecurity.isLoopback(host: host))
        #expect(!TransportSecurity.allows(scheme: "http", host: host))
        #expect(TransportSecurity.allowedProtocols(host: host) == "https")
    }

    @Test("https is allowed to any host, other schemes to none")
    func schemes() {
        #expect(TransportSecurity.allows(scheme: "https", host: "www.zohoapis.com"))
        #expect(TransportSecurity.allows(scheme: "HTTPS", host: "127.0.0.1"))
        #expect(!TransportSecurity.allows(scheme: "https", host: ""))
        #expect(!TransportSecurity.allows(scheme: "ftp", host: "127.0.0.1"))
        #expect(!TransportSecurity.allows(scheme: "file", host: "localhost"))
    }

    @Test(
        "URLs are checked with libcurl's own parser",
        arguments: [
            ("https://www.zohoapis.com/billing/v1/invoices?page=1", nil),
            ("http://127.0.0.1:8080/oauth/v2/token", nil),
            ("http://127.1/", nil),
            ("http://[::1]:9000/", nil),
            ("http://LOCALHOST/", nil),
            ("http://127.0.0.1@example.com/", CurlError.Kind.insecureURL),
            ("http://example.com/#@127.0.0.1", .insecureURL),
            ("http://example.com/", .insecureURL),
            ("ftp://127.0.0.1/file", .insecureURL),
            ("file:///etc/passwd", .insecureURL),
            ("gopher://127.0.0.1/", .insecureURL),
            ("https:///no-host", nil),  // libcurl reads the host as "no-host", as it connects
            ("http://127.0.0.1:99999/", .invalidURL),
        ] as [(String, CurlError.Kind?)]
    )
    func urlValidation(url: String, expected: CurlError.Kind?) throws {
        let request = HTTPRequest(method: .get, url: try #require(URL(string: url)))
        do {
            try CurlEasy.validate(request)
            #expect(expected == nil)
        } catch {
            #expect(error.kind == expected, "\(error)")
        }
    }

    @Test("Headers with line breaks, control characters or non-ASCII text are refused without echoing their values")
    func headerInjection() throws {
        let url = try #require(URL(string: "https://www.zohoapis.com/billing/v1/items"))
        let injected = HTTPRequest(
            method: .get, url: url, headers: ["Authorization": "Zoho-oauthtoken t0ken\r\nX-Evil: 1"]
        )
        let badName = HTTPRequest(method: .get, url: url, headers: ["X-Bad:Name": "value"])
        let separator = HTTPRequest(
            method: .get, url: url, headers: ["X-com-zoho-subscriptions-organizationid": "20071234\u{2028}"])
        let nonASCII = HTTPRequest(method: .get, url: url, headers: ["X-Note": "caf\u{E9}"])
        let control = HTTPRequest(method: .get, url: url, headers: ["X-Note": "a\u{7F}b"])

        for request in [injected, badName, separator, nonASCII, control] {
            #expect {
                try CurlEasy.validate(request)
            } throws: { error in
                guard let error = error as? CurlError else { return false }
                return error.kind == .invalidRequest && !error.description.contains("t0ken")
            }
        }
    }

    @Test("Dot segments in a path reach the server as written, never resolved")
    func pathAsIs() async throws {
        try await FakeHTTPServer.with(handler: { _ in .text("ok") }) { server in
            let request = HTTPRequest(method: .get, url: server.url("/plans/../coupons/./x"))
            _ = try await CurlHTTPTransport().send(request)
            #expect(server.received.first?.rawPath == "/plans/../coupons/./x")
        }
    }

    @Test("An empty header value is sent as an empty header, not dropped")
    func emptyHeaderValue() async throws {
        try await FakeHTTPServer.with(handler: { _ in .text("ok") }) { server in
            let request = HTTPRequest(method: .get, url: server.url("/empty-header"), headers: ["X-Empty": ""])
            _ = try await CurlHTTPTransport().send(request)

            #expect(server.received.first?.header("x-empty") == "")
        }
    }
}
