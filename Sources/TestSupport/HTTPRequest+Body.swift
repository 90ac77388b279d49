public import CurlHTTP
import Foundation

extension HTTPRequest {
    /// The form body decoded into a dictionary.
    public var formFields: [String: String] {
        let text = String(decoding: body ?? Data(), as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let key = parts[0].removingPercentEncoding ?? parts[0]
            let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            fields[key] = value
        }
        return fields
    }

    /// The body as UTF-8 text; empty when there is none.
    public var bodyText: String { String(decoding: body ?? Data(), as: UTF8.self) }
}
