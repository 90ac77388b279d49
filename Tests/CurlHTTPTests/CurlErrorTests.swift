@testable import CurlHTTP
import Testing

@Suite struct CurlErrorTests {
    private func error(_ kind: CurlError.Kind, code: Int, detail: String = "", elapsed: Double? = nil) -> CurlError {
        CurlError(
            kind: kind, code: code, scheme: "https", host: "www.zohoapis.com", detail: detail, elapsed: elapsed,
            connectTimeout: 10, timeout: 2
        )
    }

    @Test("A timeout names the host, the elapsed time and the next step")
    func timeoutDescription() {
        let timedOut = error(.timedOut, code: 28, detail: "Timeout was reached", elapsed: 2.004)

        #expect(
            timedOut.description
                == "The request to www.zohoapis.com timed out after 2.0 s (limits: 10.0 s to connect, 2.0 s in total)."
                + " Check the network or raise the timeout."
        )
    }

    @Test("An insecure URL names its scheme and host")
    func insecureDescription() {
        let insecure = CurlError(
            kind: .insecureURL, code: 1, scheme: "http", host: "example.com", detail: "", connectTimeout: 10,
            timeout: 60
        )

        #expect(
            insecure.description
                == "Refused to send a request over http to example.com: only https is allowed, or http to a loopback"
                + " host (127.0.0.0/8, localhost, [::1]). Use an https URL."
        )
    }

    @Test(
        "Every kind reads as full sentences ending in a next step",
        arguments: [
            CurlError.Kind.insecureURL, .invalidURL, .invalidRequest, .couldNotResolveHost, .couldNotConnect,
            .timedOut, .tlsFailure, .connectionLost, .other,
        ]
    )
    func everyKindIsASentence(kind: CurlError.Kind) {
        let description = error(kind, code: 99, detail: "libcurl says why").description

        #expect(description.first?.isUppercase == true)
        #expect(description.hasSuffix("."))
        #expect(description.split(separator: ". ").count >= 2)
    }
}
