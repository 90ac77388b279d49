import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The machine-wide request counts (`zoho_api_usage`, doctor's "API usage" line) through the built binary: several
/// processes share one usage file, a corrupt file starts afresh, and a daily-cap refusal reaches other processes.
@Suite("API usage across processes", .serialized)
struct APIUsageTests {
    static let organizationHeader = "X-com-zoho-subscriptions-organizationid"

    private func usageFile(_ environment: TestEnvironment, sandbox: Bool = false) -> URL {
        environment.directory.appending(
            path: ".local/state/zoho-billing-mcp/api-usage\(sandbox ? "-sandbox" : "").json")
    }

    private func usage(_ environment: TestEnvironment, extra: [String: String] = [:]) async throws -> JSONValue {
        let run = try await BinaryRun.run(
            ["call", "zoho_api_usage", "--json"], environment: environment.environment(extra: extra))
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONParser.parse(run.stdout)
    }

    private func figures(_ usage: JSONValue, organization: String?) -> JSONValue? {
        usage["organizations"]?.arrayValue?.first {
            $0["organization_id"] == (organization.map(JSONValue.string) ?? .null)
        }
    }

    @Test("Two `call` runs count into one file; zoho_api_usage shows their sum and sends nothing to Zoho")
    func twoProcessesAddUp() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        for tool in ["list_customers", "list_invoices"] {
            let run = try await BinaryRun.run(["call", tool], environment: environment.environment())
            #expect(run.status == 0, "\(run.stderr)")
        }
        let requests = environment.apiRequests
        let withOrganization = requests.filter { $0.header(Self.organizationHeader) == "20071234" }.count
        #expect(withOrganization == 2)
        #expect(requests.count == 4, "each run listed the organizations first")

        let report = try await usage(environment)
        #expect(environment.apiRequests.count == requests.count, "the usage tool sent no request")
        #expect(figures(report, organization: "20071234")?["today"] == .int(withOrganization))
        #expect(figures(report, organization: "20071234")?["this_minute"]?.numberValue?.intValue ?? 0 <= 2)
        #expect(figures(report, organization: nil)?["today"] == .int(requests.count - withOrganization))
        #expect(report["per_minute_limit"] == 100)
        #expect(report["in_flight_limit"] == 5)
        #expect(report["daily_cap_in_force"] == false)
        #expect(report["summary"]?.stringValue?.contains("20071234: ") == true)

        // Through serve, with another process counting at the same time, and the call's own _meta.
        let server = try ServerProcess(
            environment: environment.environment(extra: [
                "ZOHO_MCP_RATE_LIMIT": "30", "ZOHO_ORGANIZATION_ID": "20071234",
            ]))
        _ = try await server.initialize()
        #expect(try await server.callTool("list_plans", id: 1)["isError"] == false)
        let parallel = try await BinaryRun.run(
            ["call", "list_payments"], environment: environment.environment(extra: ["ZOHO_ORGANIZATION_ID": "20071234"])
        )
        #expect(parallel.status == 0)
        let result = try await server.callTool("zoho_api_usage", id: 2)
        #expect(result["isError"] == false)
        #expect(result["_meta"]?["zoho-billing-mcp/zoho_requests"] == 0)
        let structured = try #require(result["structuredContent"])
        #expect(figures(structured, organization: "20071234")?["today"] == .int(withOrganization + 2))
        #expect(structured["per_minute_limit"] == 30)
        let text = result.toolText
        #expect(text.contains("20071234: ") && text.contains("\(withOrganization + 2) today"), "\(text)")
        server.closeInput()
        #expect(await server.waitForExit(timeout: 10) == 0)

        // The file itself: private, one object.
        let attributes = try FileManager.default.attributesOfItem(atPath: usageFile(environment).path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let stored = try JSONParser.parse(Data(contentsOf: usageFile(environment)))
        #expect(stored["organizations"]?["20071234"]?["day_requests"] == .int(withOrganization + 2))
    }

    @Test("A corrupt usage file is started afresh with a warning on stderr; the call itself works")
    func corruptFile() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let file = usageFile(environment)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{\"organizations\":{\"20071234\":{\"day\":".utf8).write(to: file)
        let run = try await BinaryRun.run(
            ["call", "list_customers"],
            environment: environment.environment(extra: ["ZOHO_ORGANIZATION_ID": "20071234"]))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("The API usage file could not be read; its counts start afresh"), "\(run.stderr)")
        let stored = try JSONParser.parse(Data(contentsOf: file))
        #expect(stored["organizations"]?["20071234"]?["day_requests"] == 1)
        let report = try await usage(environment)
        #expect(figures(report, organization: "20071234")?["today"] == 1)
    }

    @Test("A daily-cap refusal met by one process makes another fail at once, and usage and doctor report it")
    func dailyCapIsShared() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let settings = ["ZOHO_ORGANIZATION_ID": "20071234"]
        let server = try ServerProcess(environment: environment.environment(extra: settings))
        _ = try await server.initialize()
        environment.emulator.enqueueFault(
            EmulatorFault(status: 429, code: 45, message: "Daily limit exceeded", pathPrefix: "/billing/v1/customers"))
        let refused = try await server.callTool("list_customers", id: 1)
        #expect(refused["isError"] == true)
        let before = environment.apiRequests.count

        let other = try await BinaryRun.run(
            ["call", "list_invoices"], environment: environment.environment(extra: settings))
        #expect(other.status != 0)
        #expect(other.stderr.contains("daily request limit"), "\(other.stderr)")
        #expect(environment.apiRequests.count == before, "the second process did not contact Zoho")

        let report = try await usage(environment, extra: settings)
        #expect(report["daily_cap_in_force"] == true)
        let until = try #require(figures(report, organization: "20071234")?["daily_cap_until"]?.stringValue)
        #expect(until.hasSuffix("T00:00:00Z"), "next midnight UTC without Retry-After: \(until)")
        #expect(report["summary"]?.stringValue?.contains("daily cap hit") == true)

        #expect(try await environment.signInWithCode().status == 0)
        let doctor = try await BinaryRun.run(
            ["doctor"],
            environment: environment.environment(
                access: "read", toolsets: "default", credentials: false, extra: settings))
        let line = doctor.stdout.split(separator: "\n").first { $0.contains(" API usage: ") }.map(String.init) ?? ""
        #expect(line.hasPrefix("[warn] API usage: "), "\(doctor.stdout)")
        #expect(line.contains("daily cap hit: refused until \(until)"))
        server.closeInput()
        _ = await server.waitForExit(timeout: 10)
    }

    @Test("The sandbox counts its requests in a file of its own")
    func sandboxCounts() async throws {
        let home = FileManager.default.temporaryDirectory.appending(path: "zb-usage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = ["HOME": home.path, "ZOHO_ORGANIZATION_ID": "20071234"]
        for tool in ["list_payments", "list_customers", "list_customers"] {
            #expect(try await BinaryRun.run(["call", tool, "--sandbox"], environment: environment).status == 0)
        }
        let run = try await BinaryRun.run(["call", "zoho_api_usage", "--sandbox", "--json"], environment: environment)
        let report = try JSONParser.parse(run.stdout)
        #expect(figures(report, organization: "20071234")?["today"] == 3, "\(run.stdout)")
        #expect(report["limits_enforced"] == false)
        let sandboxFile = home.appending(path: ".local/state/zoho-billing-mcp/api-usage-sandbox.json")
        #expect(FileManager.default.fileExists(atPath: sandboxFile.path))
        #expect(
            !FileManager.default.fileExists(
                atPath: home.appending(path: ".local/state/zoho-billing-mcp/api-usage.json").path))
    }
}
