import CurlHTTP
import Foundation
import JSONCore
import Logging
import Testing
import ZohoEmulator

@testable import ZohoBillingTools

/// Reports parse Zoho's list pages straight into the columns of their field enums (``ReportField``). That parse must
/// give every report the same result as parsing Zoho's whole rows and picking the fields out of them.
@Suite(.serialized) struct ReportFieldTests {
    /// Hands requests to an in-process emulator holding the sandbox's demo data.
    struct EmulatorHTTP: HTTPTransport {
        let emulator: ZohoEmulator

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
            let query = (components?.queryItems ?? []).map { EmulatorQueryItem(name: $0.name, value: $0.value ?? "") }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.lowercased()] = field.value }
            let answer = await emulator.handle(
                EmulatorRequest(
                    method: request.method.rawValue, path: components?.path ?? "", query: query, headers: headers,
                    body: request.body ?? Data()))
            return HTTPResponse(status: answer.status, headers: HTTPHeaders(), body: answer.body)
        }
    }

    struct NoTokens: AccessTokenSource {
        func accessToken() async throws -> String { "sandbox" }
        func accessToken(replacing rejected: String) async throws -> String { "sandbox" }
    }

    @Test("Every report gives the same result from rows read by position as from Zoho's whole rows")
    func namedFieldsSuffice() async throws {
        let configuration = EmulatorConfiguration.sandbox
        let organizationID = try #require(configuration.organizations.first?.id)
        let client = ZohoClient(
            apiBaseURL: "https://sandbox.invalid/billing/v1",
            organizationPlacement: ProductProfile.billing.organizationPlacement,
            transport: EmulatorHTTP(emulator: ZohoEmulator(configuration: configuration)), tokens: NoTokens(),
            logger: Logger(label: "test"))
        let environment = ComputedToolEnvironment(
            client: client, organizationID: organizationID,
            context: DetachedToolCallContext(confirmer: UnavailableConfirmer(reason: "test"), clientName: nil))
        defer { PageReader.readsByPosition = true }
        for report in ReportTools.all {
            PageReader.readsByPosition = true
            let selected = try await report.body([:], environment)
            PageReader.readsByPosition = false
            let whole = try await report.body([:], environment)
            #expect(!selected.isError, "\(report.descriptor.name): \(selected.text)")
            let same = Self.withoutReadTime(selected.structured) == Self.withoutReadTime(whole.structured)
            #expect(same, "\(report.descriptor.name) differs when rows are read by position")
            #expect(selected.text.split(separator: "\n").count > 2, "\(report.descriptor.name) found data")
        }
    }

    @Test("Each list's fields are the columns 0, 1, 2… of its table, with distinct names")
    func fieldsAreColumns() {
        func check<Field: ReportField>(_: Field.Type) {
            let columns = Field.allCases.map(\.rawValue).sorted()
            #expect(columns == Array(0..<Field.allCases.count), "\(Field.self)")
            #expect(Set(Field.allCases.map(\.name)).count == Field.allCases.count, "\(Field.self)")
            #expect(Field.selection.fields[Field.currencyCode.rawValue] == "currency_code", "\(Field.self)")
        }
        check(InvoiceField.self)
        check(SubscriptionField.self)
        check(PaymentField.self)
        check(CustomerField.self)
    }

    /// The result without `read_at`, the one member that differs between two runs.
    static func withoutReadTime(_ value: JSONValue?) -> JSONValue? {
        guard case .object(var members)? = value else { return value }
        if case .object(var data)? = members["data"] {
            data.removeValue(forKey: "read_at")
            members["data"] = .object(data)
        }
        return .object(members)
    }
}
