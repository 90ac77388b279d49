/// The rule that keeps credentials off the wire in clear text: https everywhere, plain http only to
/// this machine (for the fake servers in tests and a local sandbox).
///
/// It is applied to the scheme and host as libcurl itself parses them, so the check and the transfer
/// cannot disagree about where a URL points.
public enum TransportSecurity {
    /// Whether a request to this scheme and host may be sent.
    public static func allows(scheme: String, host: String) -> Bool {
        switch scheme.lowercased() {
        case "https": !host.isEmpty
        case "http": isLoopback(host: host)
        default: false
        }
    }

    /// The value for `CURLOPT_PROTOCOLS_STR`: only https, or http too when the host is a loopback one.
    static func allowedProtocols(host: String) -> String {
        isLoopback(host: host) ? "http,https" : "https"
    }

    /// Whether the host is `localhost`, an IPv4 address in 127.0.0.0/8, or the IPv6 loopback address.
    static func isLoopback(host: String) -> Bool {
        // Byte by byte: it runs for every request, and the lowercasing and splitting it used to do cost more than
        // the rest of the request's set-up.
        var bytes = Array(host.utf8)
        for index in bytes.indices where bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") {
            bytes[index] += 32
        }
        if bytes.elementsEqual("localhost".utf8) || bytes.elementsEqual("[::1]".utf8) || bytes.elementsEqual("::1".utf8)
        {
            return true
        }
        // A dotted quad of four decimal octets (one to three digits, at most 255) whose first octet is 127.
        var octets: [Int] = []
        var value = 0
        var digits = 0
        for byte in bytes + [UInt8(ascii: ".")] {
            if byte == UInt8(ascii: ".") {
                guard (1...3).contains(digits), value <= 255 else { return false }
                octets.append(value)
                value = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return false
            }
        }
        return octets.count == 4 && octets[0] == 127
    }
}
