public import CurlHTTP
import Foundation

extension HTTPResponse {
    /// A response with this status whose body is `body`, labelled as JSON.
    public static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}
