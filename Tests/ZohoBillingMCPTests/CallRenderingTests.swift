import Foundation
import JSONCore
import TestSupport
import Testing

/// `call` for people: tables, records, CSV, suggestions; and `--json` unchanged for scripts.
@Suite struct CallRenderingTests {
    @Test("A list prints the summary line and a table with number, customer, date, status, amount and balance")
    func table() async throws {
        let run = try await BinaryRun.run([
            "call", "list_invoices", "--sandbox", "--arguments",
            #"{"status":"overdue","customer_id":"903000000010016"}"#,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Cedar & Pine's one overdue invoice: its annual plan, 45 days old on Net 30 (its workshop is not due yet).
        #expect(lines[0].hasPrefix("1 overdue invoice on page 1, USD "), "\(lines[0])")
        #expect(lines[0].hasSuffix(" outstanding. No further pages."), "\(lines[0])")
        #expect(
            lines[2].split(separator: " ").map(String.init) == [
                "number", "customer", "date", "status", "amount", "balance",
            ])
        #expect(lines[3].allSatisfy { $0 == "-" || $0 == " " })
        let row = try #require(lines.first { $0.hasPrefix("INV-00004") })
        #expect(row.contains("Cedar & Pine Studio") && row.contains("overdue") && row.hasSuffix("990"))
        #expect(!run.stdout.contains("{"), "no JSON in the readable rendering")
    }

    @Test("A report prints its own tables, definitions and provenance")
    func report() async throws {
        let run = try await BinaryRun.run(["call", "report_ar_aging", "--sandbox"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Receivables aging as of "))
        #expect(run.stdout.contains("\nBy customer:\n"))
        #expect(run.stdout.contains("\nDefinitions:\n"))
        #expect(!run.stdout.contains("{"), "no JSON in the readable rendering")
    }

    @Test("A single record prints as key: value lines, amounts with their exact digits")
    func record() async throws {
        let run = try await BinaryRun.run(
            ["call", "get_customer", "--sandbox", "--arguments", #"{"customer_id":"903000000010052"}"#])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Customer Gulf Pearl Trading.\n\n"))
        #expect(run.stdout.contains("\nunused_credits:            1234.567\n"))
        #expect(run.stdout.contains("\nbilling_address.city:      Manama\n"))
        #expect(run.stdout.contains("contactpersons:            1 item"))
    }

    @Test("--output csv writes the rows as CSV on stdout and the summary on stderr")
    func csv() async throws {
        let run = try await BinaryRun.run(
            [
                "call", "list_payments", "--sandbox", "--toolsets", "default,payments", "--output", "csv",
                "--arguments", #"{"per_page":50}"#,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.contains("payment_number") && header.contains("amount"))
        #expect(header == header.sorted())
        #expect(lines.count > 2)
        #expect(run.stdout.contains("1234.567"))
        #expect(run.stdout.contains(#""Cedar & Pine Studio""#) == false, "no quotes without a comma or quote inside")
        #expect(run.stderr.contains("payments on page 1"))
    }

    @Test("--json prints exactly the structuredContent a client receives")
    func jsonUnchanged() async throws {
        let calls: [(String, JSONValue)] = [
            ("list_invoices", ["status": "paid"]),
            ("get_invoice", ["invoice_id": "903000000010030"]),
            ("list_organizations", [:]),
        ]
        let server = try ServerProcess(arguments: ["serve", "--sandbox"], environment: [:])
        _ = try await server.initialize()
        for (index, (name, arguments)) in calls.enumerated() {
            let result = try await server.callTool(name, arguments, id: index + 1)
            let structured = try #require(result["structuredContent"])
            let run = try await BinaryRun.run([
                "call", name, "--sandbox", "--json", "--arguments", arguments.serialized(),
            ])
            // The collected output is the printed line without its newline.
            #expect(run.stdout == structured.serialized(), "\(name)")
            let output = try await BinaryRun.run(
                ["call", name, "--sandbox", "--output", "json", "--arguments", arguments.serialized()])
            #expect(output.stdout == run.stdout)
        }
    }

    @Test("A mistyped tool name suggests the closest names and exits with a usage error")
    func typo() async throws {
        let run = try await BinaryRun.run(["call", "list_invoice", "--sandbox"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("Did you mean 'list_invoices'"), "\(run.stderr)")
        let word = try await BinaryRun.run(["call", "subscriptions", "--sandbox"])
        #expect(word.stderr.contains("'list_subscriptions'"), "\(word.stderr)")
    }
}
