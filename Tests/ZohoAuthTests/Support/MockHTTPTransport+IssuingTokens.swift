import TestSupport

extension MockHTTPTransport {
    /// Answers every request with a new access token `at-<n>` valid for an hour, like Zoho's refresh grant.
    static func issuingTokens(delay: Duration = .zero, gated: Bool = false) -> MockHTTPTransport {
        MockHTTPTransport(delay: delay, gated: gated) { _, number in
            .response(
                .json(
                    200,
                    #"{"access_token":"at-\#(number)","api_domain":"https://www.zohoapis.eu","token_type":"Bearer","expires_in":3600}"#
                ))
        }
    }
}
