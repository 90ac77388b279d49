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
        let host = host.lowercased()
        if host == "localhost" || host == "[::1]" || host == "::1" {
            return true
        }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let values = octets.map { octet -> Int? in
            guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCII), octet.allSatisfy(\.isNumber) else {
                return nil
            }
            return Int(octet)
        }
        guard values.allSatisfy({ $0 != nil && $0! <= 255 }) else { return false }
        return values[0] == 127
    }
}
