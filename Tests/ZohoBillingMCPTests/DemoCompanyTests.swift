import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// Documents raised for a customer take its currency and, without a due date, its payment terms: through the built
/// binary and the real HTTP path to the loopback Zoho.
@Suite struct DemoCompanyTests {
    /// `date` plus `days`, as `yyyy-mm-dd`.
    static func adding(_ days: Int, to date: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let parsed = try #require(formatter.date(from: date))
        return formatter.string(from: parsed.addingTimeInterval(Double(days) * 86_400))
    }

    @Test("A EUR customer on Net 30 gets EUR invoices due in 30 days, EUR subscriptions and EUR payments")
    func customerCurrencyAndTerms() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment(extra: ["ZOHO_MCP_CONFIRM": "off"]))
        defer { server.closeInput() }
        _ = try await server.initialize()
        let session = ToolCallTests.Session(environment: environment, server: server)

        let created = try await session.call(
            "create_customer",
            [
                "display_name": "Atelier Lumière SARL", "email": "compta@atelier-lumiere.example.com",
                "currency_code": "EUR", "payment_terms": 30,
            ],
            expect: .init(
                method: "POST", path: "/customers",
                body: ["currency": #""currency_code":"EUR""#, "terms": #""payment_terms":30"#]))
        let customerID = try #require(created["customer"]?["customer_id"]?.stringValue)

        // No due date and no terms in the request: the customer's Net 30 decides.
        let invoice = try await session.call(
            "create_invoice",
            [
                "customer_id": .string(customerID), "date": "2026-03-10",
                "invoice_items": [["product_id": "1", "name": "Colour consultation", "rate": 120, "quantity": 2]],
            ],
            expect: .init(
                method: "POST", path: "/invoices", body: ["customer": #""customer_id":"\#(customerID)""#]))
        let sent = try #require(environment.apiRequests.last { $0.path == "/billing/v1/invoices" })
        #expect(!String(decoding: sent.body, as: UTF8.self).contains("due_date"))
        #expect(invoice["invoice"]?["currency_code"] == "EUR")
        #expect(invoice["invoice"]?["currency_symbol"] == "€")
        #expect(invoice["invoice"]?["due_date"] == "2026-04-09")
        #expect(invoice["invoice"]?["payment_terms"] == 30)
        #expect(invoice["invoice"]?["payment_terms_label"] == "Net 30")

        // Terms or a due date in the request still win over the customer's.
        let shorter = try await session.call(
            "create_invoice",
            [
                "customer_id": .string(customerID), "date": "2026-03-10", "payment_terms": 15,
                "invoice_items": [["product_id": "1", "name": "Sample boards", "rate": 40, "quantity": 1]],
            ],
            expect: .init(method: "POST", path: "/invoices", body: ["terms": #""payment_terms":15"#]))
        #expect(shorter["invoice"]?["due_date"] == "2026-03-25")
        let fixed = try await session.call(
            "create_invoice",
            [
                "customer_id": .string(customerID), "date": "2026-03-10", "due_date": "2026-03-12",
                "invoice_items": [["product_id": "1", "name": "Rush delivery", "rate": 25, "quantity": 1]],
            ],
            expect: .init(method: "POST", path: "/invoices", body: ["due": #""due_date":"2026-03-12""#]))
        #expect(fixed["invoice"]?["due_date"] == "2026-03-12")

        // A subscription and the invoice it raises are in EUR, due on the customer's terms.
        let subscription = try await session.call(
            "create_subscription",
            ["customer_id": .string(customerID), "plan": ["plan_code": "basic-monthly"], "auto_collect": false],
            expect: .init(
                method: "POST", path: "/subscriptions", body: ["plan": #""plan_code":"basic-monthly""#]))
        #expect(subscription["subscription"]?["currency_code"] == "EUR")
        #expect(subscription["subscription"]?["currency_symbol"] == "€")
        let childID = try #require(subscription["subscription"]?["child_invoice_id"]?.stringValue)
        let child = try await session.call(
            "get_invoice", ["invoice_id": .string(childID)], expect: .init(method: "GET", path: "/invoices/\(childID)"))
        #expect(child["invoice"]?["currency_code"] == "EUR")
        let childDate = try #require(child["invoice"]?["date"]?.stringValue)
        #expect(child["invoice"]?["due_date"] == .string(try Self.adding(30, to: childDate)))

        // A payment for the subscription's (open) invoice is in EUR too.
        let total = try #require(child["invoice"]?["total"])
        let payment = try await session.call(
            "record_payment",
            [
                "customer_id": .string(customerID), "payment_mode": "banktransfer", "amount": total,
                "invoices": [["invoice_id": .string(childID), "amount_applied": total]],
            ],
            expect: .init(method: "POST", path: "/payments", body: ["mode": #""payment_mode":"banktransfer""#]))
        #expect(payment["payment"]?["currency_code"] == "EUR")
        #expect(payment["payment"]?["currency_symbol"] == "€")

        // A customer in the organization's own currency, on receipt, stays in USD and due the same day.
        let local = try await session.call(
            "create_customer", ["display_name": "Local Shop", "email": "shop@local.example.com"],
            expect: .init(method: "POST", path: "/customers"))
        let localID = try #require(local["customer"]?["customer_id"]?.stringValue)
        let localInvoice = try await session.call(
            "create_invoice",
            [
                "customer_id": .string(localID), "date": "2026-03-10",
                "invoice_items": [["product_id": "1", "name": "Repair", "rate": 80, "quantity": 1]],
            ],
            expect: .init(method: "POST", path: "/invoices"))
        #expect(localInvoice["invoice"]?["currency_code"] == "USD")
        #expect(localInvoice["invoice"]?["due_date"] == "2026-03-10")
    }
}

/// `--sandbox-state`: the sandbox's data survives between runs of the binary, and a damaged file is refused.
@Suite struct SandboxStateTests {
    static func run(_ arguments: [String], home: URL) async throws -> BinaryRun {
        try await BinaryRun.run(arguments, environment: ["HOME": home.path])
    }

    @Test("A customer created in one run is there in the next; without the file the sandbox starts afresh")
    func persists() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appending(path: "sandbox.json").path

        let create = try await Self.run(
            [
                "call", "create_customer", "--sandbox", "--sandbox-state", state, "--json", "--arguments",
                #"{"display_name":"Kept Between Runs Ltd","email":"kept@example.com","currency_code":"GBP"}"#,
            ], home: directory)
        #expect(create.status == 0, "\(create.stderr)")
        let created = try JSONParser.parse(create.stdout)
        let customerID = try #require(created["customer"]?["customer_id"]?.stringValue)
        #expect(FileManager.default.fileExists(atPath: state))

        // The next run, this time through the environment variable, finds it.
        let fetch = try await BinaryRun.run(
            ["call", "get_customer", "--json", "--arguments", #"{"customer_id":"\#(customerID)"}"#],
            environment: ["HOME": directory.path, "ZOHO_MCP_SANDBOX": "1", "ZOHO_MCP_SANDBOX_STATE": state])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        let fetched = try JSONParser.parse(fetch.stdout)
        #expect(fetched["customer"]?["display_name"] == "Kept Between Runs Ltd")
        #expect(fetched["customer"]?["currency_code"] == "GBP")

        // A second customer gets a new id: the id counter was saved too.
        let second = try await Self.run(
            [
                "call", "create_customer", "--sandbox", "--sandbox-state", state, "--json", "--arguments",
                #"{"display_name":"Second Ltd","email":"second@example.com"}"#,
            ], home: directory)
        let secondID = try JSONParser.parse(second.stdout)["customer"]?["customer_id"]?.stringValue
        #expect(secondID != nil && secondID != customerID)

        // Without the file, the sandbox is the demo data again.
        let fresh = try await Self.run(
            ["call", "get_customer", "--sandbox", "--arguments", #"{"customer_id":"\#(customerID)"}"#], home: directory)
        #expect(fresh.status != 0)
    }

    @Test(
        "A state file that is not sandbox state stops the run with a clear error and is left as it was",
        arguments: [
            ("{\"customers\": [", "not valid JSON"),
            (#"{"format":"zoho-billing-mcp emulator state","version":1,"organizations":[{"customers":1}]}"#, "damaged"),
            ("", "not valid JSON"),
        ])
    func refusesDamagedFile(content: String, reason: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appending(path: "sandbox.json")
        try Data(content.utf8).write(to: state)

        let run = try await Self.run(
            [
                "call", "create_customer", "--sandbox", "--sandbox-state", state.path, "--arguments",
                #"{"display_name":"Never Saved Ltd","email":"never@example.com"}"#,
            ], home: directory)
        #expect(run.status != 0)
        #expect(run.stderr.contains("The sandbox state file \(state.path) cannot be used"), "\(run.stderr)")
        #expect(run.stderr.contains(reason), "\(run.stderr)")
        #expect(run.stderr.contains("left as it is"))
        #expect(try Data(contentsOf: state) == Data(content.utf8))
        #expect(run.stdout.isEmpty)
    }

    @Test("--sandbox-state needs --sandbox, and its folder must exist")
    func needsSandbox() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let alone = try await Self.run(
            ["call", "list_customers", "--sandbox-state", directory.appending(path: "s.json").path], home: directory)
        #expect(alone.status != 0)
        #expect(alone.stderr.contains("needs --sandbox"), "\(alone.stderr)")
        let nowhere = try await Self.run(
            ["call", "list_customers", "--sandbox", "--sandbox-state", directory.appending(path: "no/s.json").path],
            home: directory)
        #expect(nowhere.status != 0)
        #expect(nowhere.stderr.contains("does not exist"), "\(nowhere.stderr)")
    }
}
