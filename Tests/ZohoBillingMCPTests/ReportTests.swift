import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// The computed reports through the built binary, against canned Zoho pages whose right answers are worked out by
/// hand below: several currencies, partial payments, invoices on bucket edges, yearly and weekly intervals, and
/// more than one page of every list. One at a time: each test runs a binary and a server, and on a two-core
/// machine running them all at once starves the timing-sensitive tests elsewhere in the process.
@Suite(.serialized) struct ReportTests {
    /// One binary against one canned Zoho.
    final class Session {
        let server: ServerProcess
        let fake: FakeHTTPServer
        let directory: URL
        var nextID = 10
        var outputSchemas: [String: JSONValue] = [:]

        init(_ fake: FakeHTTPServer) async throws {
            self.fake = fake
            directory = FileManager.default.temporaryDirectory.appending(path: "zb-reports-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            server = try ServerProcess(environment: CannedZoho.environment(port: fake.port, directory: directory))
            _ = try await server.initialize()
            let tools = try await server.request("tools/list", id: 1)
            for tool in tools["result"]?["tools"]?.arrayValue ?? [] {
                if let name = tool["name"]?.stringValue, let schema = tool["outputSchema"] {
                    outputSchemas[name] = schema
                }
            }
        }

        /// Calls a report, checks that it succeeded and that its structured result matches its output schema.
        func report(_ name: String, _ arguments: JSONValue = [:]) async throws -> (text: String, result: JSONValue) {
            nextID += 1
            let result = try await server.callTool(name, arguments, id: nextID)
            guard result["isError"] == false else { throw TestFailure("\(name) failed: \(result.toolText)") }
            let structured = try #require(result["structuredContent"], "\(name) has no structured content")
            let schema = try #require(outputSchemas[name], "\(name) declares no outputSchema")
            let violations = JSONSchemaValidator(schema: schema, vocabulary: .keys).validate(structured)
            #expect(violations.isEmpty, "\(name): \(violations.map(\.description))")
            for member in (schema["properties"]?.objectValue ?? [:]).keys {
                #expect(structured[member] != nil, "\(name) lacks \(member), which its outputSchema declares")
            }
            return (result.toolText, structured)
        }

        /// Requests the fake received for an API path.
        func requests(_ path: String) -> [ReceivedRequest] {
            fake.received.filter { $0.path == "/billing/v1" + path }
        }

        func close() {
            server.closeInput()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    // MARK: - AR aging

    static let arInvoices: [JSONValue] = [
        // As of 2026-06-30 with 15-day buckets; days past due in the comments.
        .row([
            "invoice_id": "1", "invoice_number": "INV-1", "customer_id": "11", "customer_name": "Alpha",
            "status": "sent", "date": "2026-06-05", "due_date": "2026-07-05", "balance": "100.00",
            "currency_code": "USD",
        ]),  // -5: current
        .row([
            "invoice_id": "2", "invoice_number": "INV-2", "customer_id": "11", "customer_name": "Alpha",
            "status": "overdue", "date": "2026-05-16", "due_date": "2026-06-15", "balance": "200.50",
            "currency_code": "USD",
        ]),  // 15: edge of 1-15
        .row([
            "invoice_id": "3", "invoice_number": "INV-3", "customer_id": "12", "customer_name": "Beta",
            "status": "overdue", "date": "2026-05-15", "due_date": "2026-06-14", "balance": "300.25",
            "currency_code": "USD",
        ]),  // 16
        .row([
            "invoice_id": "4", "invoice_number": "INV-4", "customer_id": "12", "customer_name": "Beta",
            "status": "partially_paid", "date": "2026-05-01", "due_date": "2026-05-31", "total": "500",
            "balance": "120.10", "currency_code": "USD",
        ]),  // 30, partly paid
        .row([
            "invoice_id": "5", "invoice_number": "INV-5", "customer_id": "13", "customer_name": "Gamma",
            "status": "overdue", "date": "2026-04-16", "due_date": "2026-05-16", "balance": "50",
            "currency_code": "EUR",
        ]),  // 45: edge of 31-45
        .row([
            "invoice_id": "6", "invoice_number": "INV-6", "customer_id": "13", "customer_name": "Gamma",
            "status": "overdue", "date": "2026-04-15", "due_date": "2026-05-15", "balance": "75.5",
            "currency_code": "EUR",
        ]),  // 46: over 45
        .row([
            "invoice_id": "7", "invoice_number": "INV-7", "customer_id": "14", "customer_name": "Delta",
            "status": "sent", "date": "2026-05-31", "due_date": "2026-06-30", "balance": "1234.567",
            "currency_code": "BHD",
        ]),  // 0: current
        .row([
            "invoice_id": "8", "invoice_number": "INV-8", "customer_id": "14", "customer_name": "Delta",
            "status": "partially_paid", "date": "2026-03-02", "due_date": "2026-04-01", "total": "20",
            "balance": "10.005", "currency_code": "BHD",
        ]),  // 90
        .row([
            "invoice_id": "9", "invoice_number": "INV-9", "customer_id": "11", "customer_name": "Alpha",
            "status": "sent", "date": "2026-07-02", "due_date": "2026-08-01", "balance": "999", "currency_code": "USD",
        ]),  // issued after the date
        .row([
            "invoice_id": "10", "invoice_number": "INV-10", "customer_id": "11", "customer_name": "Alpha",
            "status": "draft", "date": "2026-06-01", "due_date": "2026-06-01", "balance": "5", "currency_code": "USD",
        ]),  // a draft is not owed
        .row([
            "invoice_id": "11", "invoice_number": "INV-11", "customer_id": "12", "customer_name": "Beta",
            "status": "paid", "date": "2026-06-01", "due_date": "2026-06-01", "balance": "0", "currency_code": "USD",
        ]),
    ]

    @Test("AR aging buckets by days past due per currency and customer, edges included in the lower bucket")
    func arAging() async throws {
        try await CannedZoho(lists: ["/invoices": Self.arInvoices]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (text, report) = try await session.report("report_ar_aging", ["as_of": "2026-06-30", "oldest": 3])

            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd.number("current") == "100.00")
            #expect(usd.number("period_1") == "200.50")
            #expect(usd.number("period_2") == "420.35")  // 300.25 + 120.10
            #expect(usd.number("period_3") == "0.00")
            #expect(usd.number("older") == "0.00")
            #expect(usd.number("total") == "720.85")
            #expect(usd["invoices"] == 4)
            let eur = try #require(report["totals"]?.element(where: "currency_code", is: "EUR"))
            #expect(eur.number("period_3") == "50.00")
            #expect(eur.number("older") == "75.50")
            #expect(eur.number("total") == "125.50")
            let bhd = try #require(report["totals"]?.element(where: "currency_code", is: "BHD"))
            #expect(bhd.number("current") == "1234.567")
            #expect(bhd.number("older") == "10.005")
            #expect(bhd.number("total") == "1244.572")
            #expect(report["totals"]?.arrayValue?.count == 3, "never summed across currencies")

            let beta = try #require(report["customers"]?.element(where: "customer_name", is: "Beta"))
            #expect(beta.number("total") == "420.35")
            #expect(beta.number("period_2") == "420.35")
            let alpha = try #require(report["customers"]?.element(where: "customer_name", is: "Alpha"))
            #expect(alpha.number("total") == "300.50")
            #expect(alpha["invoices"] == 2)

            let oldest = try #require(report["oldest_invoices"]?.arrayValue)
            #expect(oldest.map { $0["invoice_number"]?.stringValue ?? "" } == ["INV-8", "INV-6", "INV-5"])
            #expect(oldest.map { $0["days_past_due"]?.numberValue?.intValue ?? 0 } == [90, 46, 45])

            // Eleven rows in pages of three: four pages, all read, each asking for Zoho's largest page.
            #expect(report["data"]?["pages"] == 4)
            #expect(report["data"]?["records"] == 11)
            #expect(report["data"]?["complete"] == true)
            let requests = session.requests("/invoices")
            #expect(requests.count == 4)
            #expect(requests.allSatisfy { $0.query["filter_by"] == "Status.Unpaid" && $0.query["per_page"] == "200" })
            #expect(requests.map { $0.query["page"] ?? "" } == ["1", "2", "3", "4"])

            #expect(text.contains("Current"))
            #expect(text.contains("720.85"))
            #expect(text.contains("Definitions:"))
            #expect(text.contains("Data: 4 pages, 11 records from /invoices?filter_by=Status.Unpaid"))
        }
    }

    @Test("AR aging takes a bucket width and a customer, and passes the customer to Zoho")
    func arAgingOptions() async throws {
        try await CannedZoho(lists: ["/invoices": Self.arInvoices]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (_, report) = try await session.report(
                "report_ar_aging", ["as_of": "2026-06-30", "bucket_days": 10, "customer_id": "12"])
            #expect(
                report["buckets"]?.arrayValue?.map { $0["label"]?.stringValue ?? "" } == [
                    "Current", "1-10", "11-20", "21-30", "Over 30",
                ])
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd.number("period_2") == "300.25")  // 16 days
            #expect(usd.number("period_3") == "120.10")  // 30 days: edge of 21-30
            #expect(usd.number("total") == "420.35")
            #expect(session.requests("/invoices").allSatisfy { $0.query["customer_id"] == "12" })
        }
    }

    @Test("Amounts beyond six decimals or written with an exponent are still added exactly")
    func arAgingUnusualAmounts() async throws {
        let rows: [JSONValue] = [
            .row([
                "invoice_id": "1", "invoice_number": "INV-1", "customer_id": "11", "customer_name": "Alpha",
                "status": "overdue", "date": "2026-06-01", "due_date": "2026-06-10", "balance": "0.0000005",
                "currency_code": "USD",
            ]),
            .row([
                "invoice_id": "2", "invoice_number": "INV-2", "customer_id": "11", "customer_name": "Alpha",
                "status": "overdue", "date": "2026-06-01", "due_date": "2026-06-10", "balance": "2.5e1",
                "currency_code": "USD",
            ]),
            .row([
                "invoice_id": "3", "invoice_number": "INV-3", "customer_id": "11", "customer_name": "Alpha",
                "status": "overdue", "date": "2026-06-01", "due_date": "2026-06-10", "balance": "19.99",
                "currency_code": "USD",
            ]),
        ]
        try await CannedZoho(lists: ["/invoices": rows]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (_, report) = try await session.report("report_ar_aging", ["as_of": "2026-06-30"])
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd.number("period_2") == "44.9900005")
            #expect(usd.number("total") == "44.9900005")
        }
    }

    // MARK: - MRR

    static let subscriptions: [JSONValue] = [
        .row([
            "subscription_id": "1", "status": "live", "amount": "30", "interval": "1", "interval_unit": "months",
            "currency_code": "USD", "plan_code": "basic", "plan_name": "Basic", "product_id": "101",
            "product_name": "Cloud", "activated_at": "2026-01-10",
        ]),
        .row([
            "subscription_id": "2", "status": "live", "amount": "1200", "interval": "1", "interval_unit": "years",
            "currency_code": "USD", "plan_code": "pro-annual", "plan_name": "Pro Annual", "product_id": "101",
            "product_name": "Cloud", "activated_at": "2026-05-20",
        ]),
        .row([
            "subscription_id": "3", "status": "live", "amount": "12", "interval": "1", "interval_unit": "weeks",
            "currency_code": "EUR", "plan_code": "weekly", "plan_name": "Weekly", "product_id": "102",
            "product_name": "Boxes", "activated_at": "2026-06-05",
        ]),
        .row([
            "subscription_id": "4", "status": "non_renewing", "amount": "90", "interval": "3",
            "interval_unit": "months", "currency_code": "USD", "plan_code": "quarterly", "plan_name": "Quarterly",
            "product_id": "101", "product_name": "Cloud", "activated_at": "2026-03-01",
        ]),
        .row([
            "subscription_id": "5", "status": "cancelled", "amount": "50", "interval": "1", "interval_unit": "months",
            "currency_code": "USD", "plan_code": "basic", "plan_name": "Basic", "product_id": "101",
            "product_name": "Cloud", "activated_at": "2026-02-01", "cancelled_at": "2026-05-15",
        ]),
        .row([
            "subscription_id": "6", "status": "trial", "amount": "99", "interval": "1", "interval_unit": "months",
            "currency_code": "USD", "plan_code": "pro", "plan_name": "Pro", "product_id": "101",
            "product_name": "Cloud", "activated_at": "",
        ]),
        .row([
            "subscription_id": "7", "status": "live", "amount": "1234.567", "interval": "2", "interval_unit": "years",
            "currency_code": "BHD", "plan_code": "gulf", "plan_name": "Gulf", "product_id": "103",
            "product_name": "Pearls", "activated_at": "2026-04-01",
        ]),
        .row([
            "subscription_id": "8", "status": "dunning", "amount": "40", "interval": "1", "interval_unit": "months",
            "currency_code": "USD", "plan_code": "basic", "plan_name": "Basic", "product_id": "101",
            "product_name": "Cloud", "activated_at": "2026-03-15",
        ]),
    ]

    @Test("MRR normalises yearly, weekly and quarterly amounts to a month, per currency, by plan and product")
    func mrr() async throws {
        try await CannedZoho(lists: ["/subscriptions": Self.subscriptions]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (text, report) = try await session.report("report_mrr", ["as_of": "2026-06-30"])
            // USD: 30 (monthly) + 1200/12 (yearly) + 90/3 (quarterly, non-renewing) = 160.
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd.number("mrr") == "160.00")
            #expect(usd.number("arr") == "1920.00")
            #expect(usd["subscriptions"] == 3)
            // EUR: 12 a week × 52 / 12 = 52.
            let eur = try #require(report["totals"]?.element(where: "currency_code", is: "EUR"))
            #expect(eur.number("mrr") == "52.00")
            #expect(eur.number("arr") == "624.00")
            // BHD: 1234.567 per two years = 51.440291…; ARR from the exact value is 617.2835 → 617.284.
            let bhd = try #require(report["totals"]?.element(where: "currency_code", is: "BHD"))
            #expect(bhd.number("mrr") == "51.440")
            #expect(bhd.number("arr") == "617.284")

            let proAnnual = try #require(report["by_plan"]?.element(where: "plan_code", is: "pro-annual"))
            #expect(proAnnual.number("mrr") == "100.00")
            let basic = try #require(report["by_plan"]?.element(where: "plan_code", is: "basic"))
            #expect(basic.number("mrr") == "30.00")
            #expect(basic["subscriptions"] == 1)
            let cloud = try #require(report["by_product"]?.element(where: "product_id", is: "101"))
            #expect(cloud.number("mrr") == "160.00")
            #expect(cloud["subscriptions"] == 3)
            #expect(text.contains("ARR = MRR × 12"))

            // Live and non-renewing are read with Zoho's status filters: three pages of live, one of the other.
            let filters = session.requests("/subscriptions").map { $0.query["filter_by"] ?? "" }
            #expect(
                filters == Array(repeating: "SubscriptionStatus.LIVE", count: 2) + ["SubscriptionStatus.NON_RENEWING"])

            let (_, withoutEnding) = try await session.report(
                "report_mrr", ["as_of": "2026-06-30", "include_non_renewing": false])
            #expect(withoutEnding["totals"]?.element(where: "currency_code", is: "USD")?.number("mrr") == "130.00")
        }
    }

    @Test("The MRR trend counts each month-end from activation and cancellation dates")
    func mrrTrend() async throws {
        try await CannedZoho(lists: ["/subscriptions": Self.subscriptions]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (_, report) = try await session.report("report_mrr", ["as_of": "2026-06-30", "months": 3])
            let trend = try #require(report["trend"]?.arrayValue)
            #expect(trend.map { $0["date"]?.stringValue ?? "" } == ["2026-04-30", "2026-05-31", "2026-06-30"])
            func usd(_ index: Int) -> JSONValue? { trend[index]["totals"]?.element(where: "currency_code", is: "USD") }
            // April: 1 (30) + 4 (30) + 5 (50, cancelled in May) + 8 (40) = 150; 2 and 3 not yet active.
            #expect(usd(0)?.number("mrr") == "150.00")
            #expect(usd(0)?["subscriptions"] == 4)
            // May: 5 is gone, 2 (100) arrived: 30 + 100 + 30 + 40.
            #expect(usd(1)?.number("mrr") == "200.00")
            #expect(usd(2)?.number("mrr") == "200.00")
            #expect(trend[0]["totals"]?.element(where: "currency_code", is: "EUR") == nil)
            #expect(trend[2]["totals"]?.element(where: "currency_code", is: "EUR")?.number("mrr") == "52.00")
            #expect(trend[1]["totals"]?.element(where: "currency_code", is: "BHD")?.number("mrr") == "51.440")
            // One read of every subscription replaces the status reads.
            #expect(session.requests("/subscriptions").allSatisfy { $0.query["filter_by"] == "SubscriptionStatus.All" })
        }
    }

    // MARK: - The other reports

    @Test("Churn counts cancellations in the period, voluntary against dunning, with the MRR lost")
    func churn() async throws {
        let rows: [JSONValue] = [
            .row([
                "subscription_id": "1", "status": "cancelled", "cancelled_at": "2026-06-10", "amount": "30",
                "interval": "1", "interval_unit": "months", "currency_code": "USD", "plan_code": "basic",
                "customer_name": "A",
            ]),
            .row([
                "subscription_id": "2", "status": "cancelled", "source": "scheduler", "cancelled_at": "2026-06-30",
                "amount": "1200", "interval": "1", "interval_unit": "years", "currency_code": "USD",
                "plan_code": "pro-annual", "customer_name": "B",
            ]),
            .row([
                "subscription_id": "3", "status": "cancelled_from_dunning", "cancelled_at": "2026-06-01",
                "amount": "12", "interval": "1", "interval_unit": "weeks", "currency_code": "EUR",
                "plan_code": "weekly", "customer_name": "C",
            ]),
            .row([
                "subscription_id": "4", "status": "cancelled", "cancelled_at": "2026-05-31", "amount": "99",
                "interval": "1", "interval_unit": "months", "currency_code": "USD", "plan_code": "basic",
                "customer_name": "D",
            ]),
            .row([
                "subscription_id": "5", "status": "cancelled", "cancelled_at": "", "amount": "99", "interval": "1",
                "interval_unit": "months", "currency_code": "USD", "plan_code": "basic", "customer_name": "E",
            ]),
            .row([
                "subscription_id": "6", "status": "live", "amount": "99", "interval": "1", "interval_unit": "months",
                "currency_code": "USD", "plan_code": "basic", "customer_name": "F",
            ]),
        ]
        try await CannedZoho(lists: ["/subscriptions": rows]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (text, report) = try await session.report("report_churn", ["from": "2026-06-01", "to": "2026-06-30"])
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd["cancellations"] == 2)
            #expect(usd.number("churned_mrr") == "130.00")
            #expect(usd["voluntary"] == 1)
            #expect(usd.number("voluntary_mrr") == "30.00")
            #expect(usd["dunning"] == 1)
            #expect(usd.number("dunning_mrr") == "100.00")
            let eur = try #require(report["totals"]?.element(where: "currency_code", is: "EUR"))
            #expect(eur["dunning"] == 1)
            #expect(eur.number("dunning_mrr") == "52.00")
            let annual = try #require(report["by_plan"]?.element(where: "plan_code", is: "pro-annual"))
            #expect(annual["dunning"] == 1)
            #expect(report["cancellations"]?.arrayValue?.count == 3)
            #expect(text.contains("without a cancellation date were left out"))
        }
    }

    @Test("Payments are grouped by mode and month with refunds netted, and the read stops before the period")
    func payments() async throws {
        let rows: [JSONValue] = [
            .row([
                "payment_id": "1", "date": "2026-06-20", "amount": "100.00", "amount_refunded": "25.00",
                "payment_mode": "creditcard", "status": "success", "currency_code": "USD",
            ]),
            .row([
                "payment_id": "2", "date": "2026-06-05", "amount": "50.50", "amount_refunded": "0",
                "payment_mode": "banktransfer", "status": "success", "currency_code": "USD",
            ]),
            .row([
                "payment_id": "3", "date": "2026-05-01", "amount": "10", "payment_mode": "cash", "status": "success",
                "currency_code": "USD",
            ]),
            .row([
                "payment_id": "4", "date": "2026-06-10", "amount": "75.25", "amount_refunded": "0",
                "payment_mode": "creditcard", "status": "success", "currency_code": "EUR",
            ]),
            .row([
                "payment_id": "5", "date": "2026-06-11", "amount": "40", "payment_mode": "creditcard",
                "status": "failure", "currency_code": "USD",
            ]),
            .row([
                "payment_id": "6", "date": "2026-04-30", "amount": "999", "payment_mode": "cash", "status": "success",
                "currency_code": "USD",
            ]),
            .row([
                "payment_id": "7", "date": "2026-04-01", "amount": "999", "payment_mode": "cash", "status": "success",
                "currency_code": "USD",
            ]),
        ]
        try await CannedZoho(lists: ["/payments": rows]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (_, report) = try await session.report("report_payments", ["from": "2026-05-01", "to": "2026-06-30"])
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd["payments"] == 3)
            #expect(usd.number("received") == "160.50")
            #expect(usd.number("refunded") == "25.00")
            #expect(usd.number("net") == "135.50")
            let eur = try #require(report["totals"]?.element(where: "currency_code", is: "EUR"))
            #expect(eur.number("net") == "75.25")
            let card = report["by_mode"]?.arrayValue?.first {
                $0["payment_mode"] == "creditcard" && $0["currency_code"] == "USD"
            }
            #expect(card?.number("net") == "75.00")
            let june = report["by_month"]?.arrayValue?.first {
                $0["month"] == "2026-06" && $0["currency_code"] == "USD"
            }
            #expect(june?.number("received") == "150.50")
            #expect(june?.number("net") == "125.50")
            let may = report["by_month"]?.arrayValue?.first { $0["month"] == "2026-05" && $0["currency_code"] == "USD" }
            #expect(may?.number("net") == "10.00")
            // Newest first in pages of three: the second page reaches April, so the third is never asked for.
            let requests = session.requests("/payments")
            #expect(requests.count == 2)
            #expect(requests.allSatisfy { $0.query["sort_column"] == "date" && $0.query["sort_order"] == "D" })
            #expect(report["data"]?["complete"] == true)
        }
    }

    @Test("When Zoho does not confirm the date sort, the payments report reads every page")
    func paymentsUnsorted() async throws {
        let rows: [JSONValue] =
            (1...7).map { day in
                .row([
                    "payment_id": "\(day)", "date": "2026-06-0\(8 - day)", "amount": "1", "payment_mode": "cash",
                    "status": "success", "currency_code": "USD",
                ])
            } + [
                .row([
                    "payment_id": "8", "date": "2026-07-15", "amount": "5", "payment_mode": "cash", "status": "success",
                    "currency_code": "USD",
                ])
            ]
        var canned = CannedZoho(lists: ["/payments": rows])
        canned.sortsByDate = false
        try await canned.with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            // Day 7 down to day 1, then a July payment on the last page: only reading every page finds it.
            let (_, report) = try await session.report("report_payments", ["from": "2026-06-03", "to": "2026-07-31"])
            #expect(session.requests("/payments").count == 3)
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd["payments"] == 6)
            #expect(usd.number("received") == "10.00")
        }
    }

    @Test("Renewals list live subscriptions renewing, trials ending and non-renewing ones ending in the window")
    func renewals() async throws {
        let rows: [JSONValue] = [
            .row([
                "subscription_id": "1", "status": "live", "next_billing_at": "2026-06-15", "amount": "29",
                "currency_code": "USD", "plan_code": "basic",
            ]),
            .row([
                "subscription_id": "2", "status": "live", "next_billing_at": "2026-07-01", "amount": "990",
                "currency_code": "USD", "plan_code": "pro-annual",
            ]),
            .row([
                "subscription_id": "3", "status": "live", "next_billing_at": "2026-07-02", "amount": "29",
                "currency_code": "USD", "plan_code": "basic",
            ]),
            .row([
                "subscription_id": "4", "status": "live", "next_billing_at": "2026-06-01", "amount": "12.5",
                "currency_code": "EUR", "plan_code": "weekly",
            ]),
            .row([
                "subscription_id": "5", "status": "trial", "trial_ends_at": "2026-06-10", "amount": "99",
                "currency_code": "USD", "plan_code": "pro",
            ]),
            .row([
                "subscription_id": "6", "status": "trial", "trial_ends_at": "2026-08-01", "amount": "99",
                "currency_code": "USD", "plan_code": "pro",
            ]),
            .row([
                "subscription_id": "7", "status": "non_renewing", "expires_at": "2026-06-20", "amount": "90",
                "currency_code": "USD", "plan_code": "quarterly",
            ]),
        ]
        try await CannedZoho(lists: ["/subscriptions": rows]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (_, report) = try await session.report("report_renewals", ["as_of": "2026-06-01", "days": 30])
            #expect(report["to"] == "2026-07-01")
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd["renewals"] == 2)
            #expect(usd.number("renewal_amount") == "1019.00")
            #expect(usd["trials"] == 1)
            #expect(usd.number("trial_amount") == "99.00")
            #expect(usd["ending"] == 1)
            let eur = try #require(report["totals"]?.element(where: "currency_code", is: "EUR"))
            #expect(eur.number("renewal_amount") == "12.50")
            #expect(
                report["renewals"]?.arrayValue?.map { $0["subscription_id"]?.stringValue ?? "" } == ["4", "1", "2"])
        }
    }

    @Test("Customer balances give outstanding and unused credits per customer and currency")
    func customerBalances() async throws {
        let rows: [JSONValue] = [
            .row([
                "customer_id": "1", "display_name": "K1", "currency_code": "USD", "outstanding": "100.10",
                "unused_credits": "0",
            ]),
            .row([
                "customer_id": "2", "display_name": "K2", "currency_code": "USD", "outstanding": "0",
                "unused_credits": "20",
            ]),
            .row([
                "customer_id": "3", "display_name": "K3", "currency_code": "EUR", "outstanding": "5.5",
                "unused_credits": "1",
            ]),
            .row([
                "customer_id": "4", "display_name": "K4", "currency_code": "USD", "outstanding": "0",
                "unused_credits": "0",
            ]),
            .row([
                "customer_id": "5", "display_name": "K5", "currency_code": "BHD", "outstanding": "1.005",
                "unused_credits": "0",
            ]),
        ]
        try await CannedZoho(lists: ["/customers": rows]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (_, report) = try await session.report("report_customer_balances")
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd["customers"] == 2)
            #expect(usd.number("outstanding") == "100.10")
            #expect(usd.number("unused_credits") == "20.00")
            #expect(report["totals"]?.element(where: "currency_code", is: "EUR")?.number("outstanding") == "5.50")
            #expect(report["totals"]?.element(where: "currency_code", is: "BHD")?.number("outstanding") == "1.005")
            #expect(report["customers"]?.arrayValue?.count == 4, "the customer with nothing is left out")
            #expect(report["customers"]?.arrayValue?.first?["customer_name"] == "K1")
        }
    }

    @Test("Dunning lists each troubled subscription with its unpaid invoices and last failed charge")
    func dunning() async throws {
        let lists: [String: [JSONValue]] = [
            "/subscriptions": [
                .row([
                    "subscription_id": "1", "status": "dunning", "customer_id": "9", "customer_name": "Nine",
                    "amount": "30", "interval": "1", "interval_unit": "months", "currency_code": "USD",
                    "next_retry_at": "2026-06-05",
                ]),
                .row([
                    "subscription_id": "2", "status": "unpaid", "customer_id": "8", "customer_name": "Eight",
                    "amount": "120", "interval": "1", "interval_unit": "years", "currency_code": "EUR",
                ]),
                .row([
                    "subscription_id": "3", "status": "live", "customer_id": "7", "amount": "5", "currency_code": "USD",
                ]),
            ],
            "/invoices": [
                .row([
                    "invoice_id": "11", "subscription_id": "1", "status": "overdue", "balance": "30",
                    "currency_code": "USD",
                ]),
                .row([
                    "invoice_id": "12", "subscription_id": "1", "status": "partially_paid", "balance": "15.5",
                    "currency_code": "USD",
                ]),
                .row([
                    "invoice_id": "13", "subscription_id": "2", "status": "overdue", "balance": "120",
                    "currency_code": "EUR",
                ]),
                .row([
                    "invoice_id": "14", "subscription_id": "3", "status": "overdue", "balance": "5",
                    "currency_code": "USD",
                ]),
            ],
            "/payments": [
                .row([
                    "payment_id": "21", "customer_id": "9", "date": "2026-05-01", "status": "success", "amount": "30",
                ]),
                .row([
                    "payment_id": "22", "customer_id": "9", "date": "2026-06-01", "status": "failure", "amount": "30",
                    "gateway_error_message": "Card declined",
                ]),
                .row([
                    "payment_id": "23", "customer_id": "8", "date": "2026-06-01", "status": "success", "amount": "120",
                ]),
            ],
        ]
        try await CannedZoho(lists: lists).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (_, report) = try await session.report("report_dunning")
            let usd = try #require(report["totals"]?.element(where: "currency_code", is: "USD"))
            #expect(usd["subscriptions"] == 1)
            #expect(usd.number("unpaid_balance") == "45.50")
            #expect(usd.number("mrr_at_risk") == "30.00")
            let eur = try #require(report["totals"]?.element(where: "currency_code", is: "EUR"))
            #expect(eur.number("unpaid_balance") == "120.00")
            #expect(eur.number("mrr_at_risk") == "10.00")
            let first = try #require(report["subscriptions"]?.element(where: "subscription_id", is: "1"))
            #expect(first["unpaid_invoices"]?.arrayValue?.count == 2)
            #expect(first["last_failed_charge"]?["message"] == "Card declined")
            #expect(first["last_failed_charge"]?["date"] == "2026-06-01")
            #expect(first["next_retry_at"] == "2026-06-05")
            let second = try #require(report["subscriptions"]?.element(where: "subscription_id", is: "2"))
            #expect(second["last_failed_charge"] == .null)
            #expect(session.requests("/invoices").allSatisfy { $0.query["filter_by"] == "Status.Unpaid" })
        }
    }

    // MARK: - The sandbox

    @Test("Every report runs on the sandbox and tells its stories: dunning, a dunning cancellation, a refund")
    func sandbox() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-reports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess(environment: ["ZOHO_MCP_SANDBOX": "1", "HOME": directory.path])
        defer { server.closeInput() }
        _ = try await server.initialize()
        let tools = try await server.request("tools/list", id: 1)["result"]?["tools"]?.arrayValue ?? []
        let reports = tools.filter { $0["name"]?.stringValue?.hasPrefix("report_") == true }
        #expect(
            reports.compactMap { $0["name"]?.stringValue } == [
                "report_ar_aging", "report_churn", "report_customer_balances", "report_dunning", "report_mrr",
                "report_payments", "report_renewals",
            ])
        let longAgo = String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-200 * 86_400)).prefix(10))
        let arguments: [String: JSONValue] = [
            "report_churn": ["from": .string(longAgo)], "report_payments": ["from": .string(longAgo)],
            "report_mrr": ["months": 6],
        ]
        var results: [String: JSONValue] = [:]
        for (index, tool) in reports.enumerated() {
            let name = tool["name"]?.stringValue ?? ""
            let result = try await server.callTool(name, arguments[name] ?? [:], id: 10 + index)
            #expect(result["isError"] == false, "\(name): \(result.toolText)")
            let structured = try #require(result["structuredContent"])
            let schema = try #require(tool["outputSchema"])
            let violations = JSONSchemaValidator(schema: schema, vocabulary: .keys).validate(structured)
            #expect(violations.isEmpty, "\(name): \(violations.map(\.description))")
            for member in (schema["properties"]?.objectValue ?? [:]).keys {
                #expect(structured[member] != nil, "\(name) lacks \(member), which its outputSchema declares")
            }
            #expect(structured["data"]?["complete"] == true)
            #expect(result.toolText.contains("Definitions:") && result.toolText.contains("Data: "), "\(name)")
            results[name] = structured
        }
        let juniper = results["report_dunning"]?["subscriptions"]?.element(
            where: "customer_name", is: "Juniper Logistics")
        #expect(juniper?["last_failed_charge"]?["message"] == "Card declined: insufficient funds.")
        #expect(juniper?["unpaid_invoices"]?.arrayValue?.count == 1)
        #expect(results["report_mrr"]?["trend"]?.arrayValue?.count == 6)
        #expect((results["report_ar_aging"]?["oldest_invoices"]?.arrayValue?.count ?? 0) > 0)

        // The figures, worked out again here from the sandbox's own records (a second emulator seeded the same
        // day holds the same data), with none of the reports' code.
        let data = SandboxData()
        let invoices = try await data.rows("/invoices", key: "invoices")
        let subscriptions = try await data.rows("/subscriptions", key: "subscriptions")
        let payments = try await data.rows("/payments", key: "payments")
        let customers = try await data.rows("/customers", key: "customers", filter: "Status.All")
        #expect(subscriptions.count == 200 && invoices.count > 900)

        // AR aging and customer balances: open invoices' balances per currency.
        var outstanding: [String: Decimal] = [:]
        var openCount: [String: Int] = [:]
        for invoice in invoices where ["sent", "overdue", "partially_paid"].contains(invoice.text("status")) {
            guard invoice.decimal("balance") > 0 else { continue }
            outstanding[invoice.text("currency_code"), default: 0] += invoice.decimal("balance")
            openCount[invoice.text("currency_code"), default: 0] += 1
        }
        #expect(Set(outstanding.keys).isSuperset(of: ["USD", "EUR", "GBP"]))
        let aging = results["report_ar_aging"]?["totals"]?.arrayValue ?? []
        #expect(Set(aging.map { $0.text("currency_code") }) == Set(outstanding.keys))
        for row in aging {
            let currency = row.text("currency_code")
            #expect(row.decimal("total") == outstanding[currency], "aging \(currency)")
            #expect(row["invoices"]?.numberValue?.intValue == openCount[currency], "aging \(currency)")
        }
        let balances = results["report_customer_balances"]?["totals"]?.arrayValue ?? []
        let owing = Set(
            customers.filter {
                $0.decimal("outstanding") != 0 || $0.decimal("unused_credits") != 0
            }.map { $0.text("currency_code") })
        #expect(Set(balances.map { $0.text("currency_code") }) == owing.union(outstanding.keys))
        for row in balances {
            let currency = row.text("currency_code")
            #expect(row.decimal("outstanding") == outstanding[currency] ?? 0, "balances \(currency)")
        }

        // Churn since the start of the period: cancellations dated in it, by dunning or by choice.
        var churn: [String: (voluntary: Int, dunning: Int)] = [:]
        for subscription in subscriptions {
            let status = subscription.text("status")
            guard status == "cancelled" || status == "cancelled_from_dunning",
                subscription.text("cancelled_at") >= longAgo
            else { continue }
            if status == "cancelled_from_dunning" || subscription.text("source") == "scheduler" {
                churn[subscription.text("currency_code"), default: (0, 0)].dunning += 1
            } else {
                churn[subscription.text("currency_code"), default: (0, 0)].voluntary += 1
            }
        }
        let churnTotals = results["report_churn"]?["totals"]?.arrayValue ?? []
        #expect(Set(churnTotals.map { $0.text("currency_code") }) == Set(churn.keys))
        #expect((churn["USD"]?.dunning ?? 0) > 1 && (churn["USD"]?.voluntary ?? 0) > 1)
        for row in churnTotals {
            let expected = churn[row.text("currency_code")]
            #expect(row["dunning"]?.numberValue?.intValue == expected?.dunning, "churn \(row.text("currency_code"))")
            #expect(row["voluntary"]?.numberValue?.intValue == expected?.voluntary)
        }

        // Payments received and refunded in the period, failed charges left out.
        var received: [String: (count: Int, amount: Decimal, refunded: Decimal)] = [:]
        for payment in payments where payment.text("status") == "success" && payment.text("date") >= longAgo {
            var entry = received[payment.text("currency_code"), default: (0, 0, 0)]
            entry.count += 1
            entry.amount += payment.decimal("amount")
            entry.refunded += payment.decimal("amount_refunded")
            received[payment.text("currency_code")] = entry
        }
        #expect(Set(received.keys) == ["USD", "EUR", "GBP", "BHD"])
        #expect((received["USD"]?.refunded ?? 0) > Decimal(string: "9.50")!)
        for row in results["report_payments"]?["totals"]?.arrayValue ?? [] {
            let expected = received[row.text("currency_code")]
            #expect(row["payments"]?.numberValue?.intValue == expected?.count, "payments \(row.text("currency_code"))")
            #expect(row.decimal("received") == expected?.amount)
            #expect(row.decimal("refunded") == expected?.refunded)
        }

        // Dunning: every subscription in dunning or unpaid, each with its customer's declined-charge message.
        let troubled = subscriptions.filter { ["dunning", "unpaid"].contains($0.text("status")) }
        let listed = results["report_dunning"]?["subscriptions"]?.arrayValue ?? []
        #expect(Set(listed.map { $0.text("subscription_id") }) == Set(troubled.map { $0.text("subscription_id") }))
        var declines: [String: String] = [:]
        for payment in payments where payment.text("status") == "failure" {
            declines[payment.text("customer_id")] = payment.text("gateway_error_message")
        }
        for row in listed {
            let customerID = troubled.first { $0.text("subscription_id") == row.text("subscription_id") }?.text(
                "customer_id")
            #expect(row["last_failed_charge"]?["message"]?.stringValue == declines[customerID ?? ""])
        }
    }

    /// The sandbox's records read straight from an emulator configured as the sandbox is.
    struct SandboxData {
        let emulator = ZohoEmulator(configuration: .sandbox)

        func rows(_ path: String, key: String, filter: String? = nil) async throws -> [JSONValue] {
            var rows: [JSONValue] = []
            for page in 1...100 {
                var query = [
                    EmulatorQueryItem(name: "per_page", value: "200"),
                    EmulatorQueryItem(name: "page", value: "\(page)"),
                ]
                if let filter { query.append(EmulatorQueryItem(name: "filter_by", value: filter)) }
                let response = await emulator.handle(
                    EmulatorRequest(
                        method: "GET", path: "/billing/v1" + path, query: query,
                        headers: ["x-com-zoho-subscriptions-organizationid": "20071234"], body: Data()))
                let page = try JSONParser.parse(response.body)
                rows += page[key]?.arrayValue ?? []
                guard page["page_context"]?["has_more_page"] == true else { break }
            }
            return rows
        }
    }

    @Test("Every report and prompt works against the test suite's fake Zoho over HTTP, with OAuth")
    func emulatorOverHTTP() async throws {
        let environment = try await TestEnvironment.start()
        defer { Task { await environment.stop() } }
        let server = try ServerProcess(environment: environment.environment(access: "read", toolsets: "default"))
        defer { server.closeInput() }
        _ = try await server.initialize()
        let tools = try await server.request("tools/list", id: 1)["result"]?["tools"]?.arrayValue ?? []
        let reports = tools.filter { $0["name"]?.stringValue?.hasPrefix("report_") == true }
        #expect(reports.count == 7)
        for (index, tool) in reports.enumerated() {
            let name = tool["name"]?.stringValue ?? ""
            let result = try await server.callTool(name, [:], id: 10 + index)
            #expect(result["isError"] == false, "\(name): \(result.toolText)")
            let structured = try #require(result["structuredContent"])
            let violations = JSONSchemaValidator(schema: try #require(tool["outputSchema"]), vocabulary: .keys)
                .validate(structured)
            #expect(violations.isEmpty, "\(name): \(violations.map(\.description))")
        }
        // The demo data: Cedar & Pine owes the most, and the aging read asked Zoho for unpaid invoices only.
        let aging = try await server.callTool("report_ar_aging", [:], id: 30)
        #expect(aging["structuredContent"]?["customers"]?.arrayValue?.first?["customer_name"] == "Cedar & Pine Studio")
        #expect(
            environment.apiRequests.filter { $0.path == "/billing/v1/invoices" }.allSatisfy { request in
                request.query.contains { $0.name == "filter_by" && $0.value == "Status.Unpaid" }
            })
        let prompts = try await server.request("prompts/list", id: 40)["result"]?["prompts"]?.arrayValue ?? []
        #expect(prompts.count == 5)
        let completion = try await server.request(
            "completion/complete",
            params: [
                "ref": ["type": "ref/prompt", "name": "chase_overdue_invoices"],
                "argument": ["name": "customer_name", "value": "ced"],
            ], id: 41)
        #expect(completion["result"]?["completion"]?["values"] == ["Cedar & Pine Studio"])
        try environment.assertNoSecrets(in: [server.stdoutText, server.stderrText])
    }

    // MARK: - Progress, cancellation and the page cap

    @Test("A report sends progress after every page when the request carries a token")
    func progress() async throws {
        try await CannedZoho(lists: ["/invoices": Self.arInvoices]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            session.server.send(
                #"{"jsonrpc":"2.0","id":50,"method":"tools/call","params":{"name":"report_ar_aging","arguments":{"as_of":"2026-06-30"},"_meta":{"progressToken":"r1"}}}"#
            )
            var progress: [Int] = []
            while true {
                let message = try await session.server.nextMessage()
                if message["id"] == 50 {
                    #expect(message["result"]?["isError"] == false)
                    break
                }
                if message["method"] == "notifications/progress" {
                    #expect(message["params"]?["progressToken"] == "r1")
                    progress.append(message["params"]?["progress"]?.numberValue?.intValue ?? -1)
                }
            }
            #expect(progress == [1, 2, 3, 4])
        }
    }

    @Test("A cancelled report sends no further page request and no answer")
    func cancellation() async throws {
        var canned = CannedZoho(lists: ["/invoices": Self.arInvoices])
        canned.endless = ["/invoices"]
        canned.delay = .milliseconds(60)
        try await canned.with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            session.server.send(
                #"{"jsonrpc":"2.0","id":60,"method":"tools/call","params":{"name":"report_ar_aging","arguments":{},"_meta":{"progressToken":"c"}}}"#
            )
            var pages = 0
            while pages < 3 {
                let message = try await session.server.nextMessage()
                if message["method"] == "notifications/progress" { pages += 1 }
            }
            session.server.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":60}}"#)
            let atCancel = session.requests("/invoices").count
            // Long enough for several more pages had the report gone on.
            try await Task.sleep(for: .milliseconds(600))
            let after = session.requests("/invoices").count
            // The request already on its way when the cancel arrived may land; nothing after it.
            #expect(after - atCancel <= 1, "saw \(after - atCancel) page requests after the cancel")
            let pong = try await session.server.request("ping", id: 61)
            #expect(pong["result"] != nil)
            #expect(!session.server.stdoutText.contains(#""id":60,"result""#), "a cancelled call gets no answer")
        }
    }

    @Test("A report that reaches its page cap says it is incomplete")
    func pageCap() async throws {
        var canned = CannedZoho(lists: ["/invoices": Self.arInvoices])
        canned.endless = ["/invoices"]
        canned.pageSize = 1
        try await canned.with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let (text, report) = try await session.report("report_ar_aging", ["as_of": "2026-06-30"])
            #expect(report["data"]?["complete"] == false)
            #expect(report["data"]?["pages"] == 250)
            #expect(session.requests("/invoices").count == 250)
            #expect(text.hasPrefix("INCOMPLETE REPORT"))
            #expect(text.contains("stopped at its cap of 250 pages"))
        }
    }

    @Test("A malformed date is a tool error that says what to pass")
    func badDate() async throws {
        try await CannedZoho(lists: ["/invoices": []]).with { fake in
            let session = try await Session(fake)
            defer { session.close() }
            let result = try await session.server.callTool("report_ar_aging", ["as_of": "2026-02-30"], id: 70)
            #expect(result["isError"] == true)
            #expect(result.toolText.contains("yyyy-mm-dd"))
            #expect(session.requests("/invoices").isEmpty)
        }
    }
}

extension JSONValue {
    /// The string at `key`, or an empty string.
    fileprivate func text(_ key: String) -> String { self[key]?.stringValue ?? "" }

    /// The number at `key` as a decimal, or zero.
    fileprivate func decimal(_ key: String) -> Decimal {
        self[key]?.numberValue.flatMap { Decimal(string: $0.text) } ?? 0
    }
}
