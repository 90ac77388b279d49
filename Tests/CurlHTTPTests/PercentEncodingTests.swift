import CurlHTTP
import Testing

@Suite struct PercentEncodingTests {
    @Test("Encoding escapes everything but unreserved characters, in paths and forms alike")
    func encoding() {
        #expect(PercentEncoding.encode("a b+c/d=e&f~g-h.i_j%é") == "a%20b%2Bc%2Fd%3De%26f~g-h.i_j%25%C3%A9")
        #expect(PercentEncoding.form([("a", "1"), ("b c", "2&3")]) == "a=1&b%20c=2%263")
        #expect(PercentEncoding.encode("") == "")
    }

    @Test("Decoding reverses encoding and keeps malformed escapes as written")
    func decoding() {
        for text in ["a b+c/d=e&f~g-h.i_j%é", "", "日本", "%"] {
            #expect(PercentEncoding.decode(PercentEncoding.encode(text)) == text)
        }
        #expect(PercentEncoding.decode("100%") == "100%")
        #expect(PercentEncoding.decode("%zz%4") == "%zz%4")
        #expect(PercentEncoding.decode("%2e%2E") == "..")
    }
}
