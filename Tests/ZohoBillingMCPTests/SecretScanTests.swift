import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The client secret, the refresh token and the access tokens never leave the process: not on stdout, stderr,
/// in results, in the audit log or in the state files, even at trace level and when a caller pastes them in.
@Suite struct SecretScanTests {
    @Test("After a run through every error path, no channel carries a credential")
    func everyChannel() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let settings = environment.environment(extra: ["ZOHO_MCP_LOG_LEVEL": "trace", "ZOHO_MCP_TIMEOUT": "1"])
        let server = try ServerProcess(environment: settings)
        _ = try await server.initialize()
        var outputs: [String] = []
        var id = 0
        func call(_ name: String, _ arguments: JSONValue = [:]) async throws -> JSONValue {
            id += 1
            return try await server.callTool(name, arguments, id: id)
        }
        let invoiceID = try await SafetyTestSupport.voidableInvoiceIDs(server, count: 1, id: 100)[0]
        _ = try await call("get_invoice", ["invoice_id": "1"])  // 404
        environment.emulator.enqueueFault(.rateLimited(retryAfterSeconds: 1))
        _ = try await call("list_customers")  // 429
        environment.emulator.enqueueFault(EmulatorFault(status: 401, code: 57, message: "Unauthorized"))
        _ = try await call("list_customers")  // 401, refresh, retry
        environment.emulator.enqueueFault(.serverError())
        _ = try await call("list_plans")  // 500
        environment.emulator.enqueueFault(EmulatorFault(status: 200, body: Data("not json".utf8)))
        _ = try await call("list_plans")  // not Zoho's JSON
        _ = try await call("list_invoices", ["status": "nonsense"])  // invalid arguments
        _ = try await call("get_invoice", ["invoice_id": ".."])  // unsafe path
        let preview = try await call("void_invoice", ["invoice_id": .string(invoiceID)])
        let token = preview["structuredContent"]?["confirmation_token"] ?? "zc_none"
        _ = try await call("void_invoice", ["invoice_id": .string(invoiceID), "confirmation_token": token])
        _ = try await call("void_invoice", ["invoice_id": .string(invoiceID), "confirmation_token": token])  // reused
        // A caller pastes the credentials into data: the result echoes them back from Zoho unless redacted.
        let pasted: JSONValue = [
            "display_name": "Paste Ltd", "email": "paste@example.com",
            "notes": .string("secret \(TestEnvironment.clientSecret) and \(TestEnvironment.refreshToken)"),
        ]
        let created = try await call("create_customer", pasted)
        #expect(created.toolText.contains("[redacted]"))
        _ = try await call("create_customer", pasted)  // duplicate
        environment.emulator.enqueueFault(.slow(by: .seconds(3), pathPrefix: "/billing/v1/customers", method: "POST"))
        _ = try await call("create_customer", ["display_name": "Slow", "email": "slow@example.com"])  // unknown outcome
        server.closeInput()
        _ = await server.waitForExit(timeout: 10)
        outputs += [server.stdoutText, server.stderrText]

        // A token file with a rejected refresh token, and the one-shot commands.
        for arguments in [
            ["call", "list_plans"], ["call", "get_invoice", "--arguments", #"{"invoice_id":"1"}"#], ["tools", "list"],
            ["logs"], ["logs", "--json"],
        ] {
            let result = try await SafetyTestSupport.run(arguments, environment: settings)
            outputs += [result.stdout, result.stderr]
        }
        _ = await environment.emulator.handle(
            EmulatorRequest(
                method: "POST", path: "/oauth/v2/token/revoke",
                query: [EmulatorQueryItem(name: "token", value: TestEnvironment.refreshToken)]))
        let revoked = try await SafetyTestSupport.run(
            ["call", "list_plans"],
            environment: environment.environment(extra: ["ZOHO_MCP_LOG_LEVEL": "trace"]))
        #expect(revoked.status != 0)
        outputs += [revoked.stdout, revoked.stderr]

        let state = SafetyTestSupport.stateDirectory(environment)
        for file in try FileManager.default.contentsOfDirectory(atPath: state.path) {
            outputs.append(
                String(
                    decoding: FileManager.default.contents(atPath: state.appending(path: file).path) ?? Data(),
                    as: UTF8.self))
        }
        #expect(environment.secrets.count >= 3, "the run used an access token")
        #expect(try SafetyTestSupport.auditLines(environment).count >= 15)
        try environment.assertNoSecrets(in: outputs)
    }
}
