import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

// Serialized: each test starts several server processes, and the machines this runs on have two cores.
/// Money-moving writes repeated by an agent, across processes, through the built binary.
@Suite(.serialized) struct DuplicateGuardTests {
    static let invoice: JSONValue = [
        "customer_id": "903000000000099", "date": "2026-11-21",
        "invoice_items": [
            ["product_id": "1", "name": "Consulting", "rate": .number(JSONNumber(text: "19.99")!), "quantity": 3]
        ],
    ]

    @Test("An identical create_invoice from a second process is refused, naming the first; allow_duplicate repeats it")
    func acrossProcesses() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let first = try ServerProcess(environment: environment.environment(access: "write"))
        let second = try ServerProcess(environment: environment.environment(access: "write"))
        _ = try await first.initialize()
        _ = try await second.initialize()
        let customers = try await first.callTool("list_customers", id: 1)
        let customerID = try #require(
            customers["structuredContent"]?["customers"]?.arrayValue?.first?["customer_id"])
        var arguments = Self.invoice.objectValue ?? [:]
        arguments["customer_id"] = customerID

        let created = try await first.callTool("create_invoice", .object(arguments), id: 2)
        #expect(created["isError"] == false, "\(created.toolText)")
        let invoiceID = try #require(created["structuredContent"]?["invoice"]?["invoice_id"]?.stringValue)
        let executionID = try #require(SafetyTestSupport.executionID(created))

        let repeated = try await second.callTool("create_invoice", .object(arguments), id: 2)
        #expect(repeated["isError"] == true)
        let text = repeated.toolText
        #expect(text.contains(invoiceID) && text.contains(executionID))
        #expect(text.contains("allow_duplicate"))
        #expect(SafetyTestSupport.changes(environment).count == 1)

        // Different arguments are a different call; the same ones in another organization too.
        var other = arguments
        other["reference_number"] = "PO-2"
        #expect(try await second.callTool("create_invoice", .object(other), id: 3)["isError"] == false)

        var deliberate = arguments
        deliberate["allow_duplicate"] = true
        let again = try await second.callTool("create_invoice", .object(deliberate), id: 4)
        #expect(again["isError"] == false)
        #expect(SafetyTestSupport.changes(environment).count == 3)
        let sentBody = String(decoding: environment.apiRequests.last?.body ?? Data(), as: UTF8.self)
        #expect(!sentBody.contains("allow_duplicate"))

        // Ten minutes later the guard has let go.
        let later = try await SafetyTestSupport.run(
            ["call", "create_invoice", "--arguments", JSONValue.object(arguments).serialized()],
            environment: environment.environment(access: "write", extra: ["ZOHO_MCP_TEST_CLOCK_OFFSET": "601"]))
        #expect(later.status == 0, "\(later.stderr)")
        #expect(SafetyTestSupport.changes(environment).count == 4)

        let duplicates = try SafetyTestSupport.auditLines(environment).filter { $0["outcome"] == "duplicate" }
        #expect(duplicates.count == 1)
    }

    @Test("Four processes sending the same create_customer at once: exactly one reaches Zoho")
    func race() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let servers = try (0..<4).map { _ in try ServerProcess(environment: environment.environment(access: "write")) }
        for server in servers { _ = try await server.initialize() }
        let arguments: JSONValue = ["display_name": "Race Ltd", "email": "race@example.com"]
        let errors = try await withThrowingTaskGroup(of: Bool.self) { group in
            for server in servers {
                group.addTask { try await server.callTool("create_customer", arguments, id: 1)["isError"] == true }
            }
            var count = 0
            for try await failed in group where failed { count += 1 }
            return count
        }
        #expect(errors == 3)
        #expect(SafetyTestSupport.changes(environment) == ["POST /billing/v1/customers"])
        let outcomes = try SafetyTestSupport.auditLines(environment).compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes.sorted() == ["duplicate", "duplicate", "duplicate", "ok"])
    }

    @Test("A write whose connection fails after sending is logged unknown_outcome, and the retry is told to check")
    func unknownOutcome() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(
            environment: environment.environment(access: "write", extra: ["ZOHO_MCP_TIMEOUT": "1"]))
        _ = try await server.initialize()
        environment.emulator.enqueueFault(.slow(by: .seconds(3), pathPrefix: "/billing/v1/customers", method: "POST"))
        let arguments: JSONValue = ["display_name": "Slow Ltd", "email": "slow@example.com"]
        let lost = try await server.callTool("create_customer", arguments, id: 1)
        #expect(lost["isError"] == true)
        let retry = try await server.callTool("create_customer", arguments, id: 2)
        #expect(retry["isError"] == true)
        #expect(retry.toolText.contains("may or may not have been applied"))
        #expect(retry.toolText.contains("Check first"))
        #expect(retry.toolText.contains(SafetyTestSupport.executionID(lost) ?? "?"))
        #expect(SafetyTestSupport.changes(environment).count == 1)
        let outcomes = try SafetyTestSupport.auditLines(environment).compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes == ["unknown_outcome", "duplicate"])
    }

    @Test("A write that never reached Zoho (connection refused) is an error, not an unknown outcome")
    func neverSent() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(
            environment: environment.environment(
                access: "write",
                extra: ["ZOHO_API_BASE_URL": "http://127.0.0.1:1/billing/v1", "ZOHO_ORGANIZATION_ID": "20071234"]))
        _ = try await server.initialize()
        let arguments: JSONValue = ["display_name": "Nowhere Ltd", "email": "nowhere@example.com"]
        for id in 1...2 {
            let result = try await server.callTool("create_customer", arguments, id: id)
            #expect(result["isError"] == true)
            #expect(!result.toolText.contains("Refused"), "a retry of a call that was never sent is no duplicate")
        }
        let outcomes = try SafetyTestSupport.auditLines(environment).compactMap { $0["outcome"]?.stringValue }
        #expect(outcomes == ["error", "error"])
    }
}
