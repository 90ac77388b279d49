import Foundation
import Testing
import ZohoEmulator

@Suite("Pagination and fault injection")
struct PaginationAndFaultTests {
    @Test("page and per_page slice lists and has_more_page says when to stop")
    func pagination() async {
        let harness = Harness()
        var seen: [String] = []
        var page = 1
        while true {
            let reply = await harness.call("GET", "/invoices", query: [("page", String(page)), ("per_page", "3")])
            #expect(reply.pageContext["page"] as? Int == page)
            #expect(reply.pageContext["per_page"] as? Int == 3)
            seen += reply.list("invoices").compactMap { $0["invoice_id"] as? String }
            guard reply.pageContext["has_more_page"] as? Bool == true else { break }
            page += 1
        }
        #expect(page == 3)
        #expect(seen.count == 8)
        #expect(Set(seen).count == 8)
        let beyond = await harness.call("GET", "/invoices", query: [("page", "9")])
        #expect(beyond.list("invoices").isEmpty)
        #expect(beyond.pageContext["has_more_page"] as? Bool == false)
    }

    @Test(
        "Defaults are page 1 and per_page 200; 201 and nonsense are rejected",
        arguments: [
            ("per_page", "201"), ("per_page", "0"), ("page", "0"), ("page", "two"), ("sort_order", "sideways"),
        ])
    func pagingLimits(name: String, value: String) async {
        let harness = Harness()
        let defaults = await harness.call("GET", "/customers")
        #expect(defaults.pageContext["page"] as? Int == 1)
        #expect(defaults.pageContext["per_page"] as? Int == 200)
        let reply = await harness.call("GET", "/customers", query: [(name, value)])
        #expect(reply.status == 400)
        #expect(reply.code == ZohoErrorCode.invalidValue)
        #expect(reply.message.contains(name))
    }

    @Test("A queued fault answers the next matching API request once, with its headers")
    func fault() async {
        let harness = Harness()
        harness.emulator.enqueueFault(.rateLimited(retryAfterSeconds: 7, pathPrefix: "/billing/v1/invoices"))
        #expect(await harness.call("GET", "/customers").status == 200)
        let limited = await harness.call("GET", "/invoices")
        #expect(limited.status == 429)
        #expect(limited.code == 44)
        #expect(limited.headers["Retry-After"] == "7")
        #expect(harness.emulator.pendingFaultCount == 0)
        #expect(await harness.call("GET", "/invoices").status == 200)
    }

    @Test("A fault without a prefix never hits the token endpoint unless it asks for /oauth")
    func faultScope() async {
        let emulator = ZohoEmulator()
        emulator.enqueueFault(EmulatorFault(status: 500, code: 1000, message: "Internal Error"))
        let token = Reply(await emulator.handle(tokenRequest(refreshParameters)))
        #expect(token.json["access_token"] is String)
        #expect(emulator.pendingFaultCount == 1)

        emulator.enqueueFault(EmulatorFault(status: 503, body: Data("busy".utf8), pathPrefix: "/oauth"))
        let faulted = await emulator.handle(tokenRequest(refreshParameters))
        #expect(faulted.status == 503)
        #expect(faulted.text == "busy")
        #expect(emulator.tokenRequestCount == 2)
    }

    @Test("A fault can match one method only and can carry a Zoho envelope with HTTP 200")
    func methodFault() async {
        let harness = Harness()
        harness.emulator.enqueueFault(EmulatorFault(status: 200, code: 9, message: "Try later.", method: "POST"))
        #expect(await harness.call("GET", "/customers").code == 0)
        let reply = await harness.call("POST", "/customers", json: ["display_name": "A", "email": "a@example.com"])
        #expect(reply.status == 200)
        #expect(reply.code == 9)
        #expect(await harness.call("GET", "/customers").list("customers").count == 5)
    }

    @Test("Delayed faults wait before answering; slow() answers normally")
    func delays() async {
        let harness = Harness()
        let clock = ContinuousClock()
        harness.emulator.enqueueFault(.slow(by: .milliseconds(150)))
        var start = clock.now
        let slow = await harness.call("GET", "/plans")
        #expect(clock.now - start >= .milliseconds(150))
        #expect(slow.status == 200)
        #expect(slow.list("plans").count == 4)

        harness.emulator.enqueueFault(
            EmulatorFault(status: 504, code: 1000, message: "Timeout", delay: .milliseconds(100)))
        start = clock.now
        let timeout = await harness.call("GET", "/plans")
        #expect(clock.now - start >= .milliseconds(100))
        #expect(timeout.status == 504)
    }

    @Test("Concurrent requests are all answered and recorded")
    func concurrency() async {
        let harness = Harness()
        await withTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    await harness.call(
                        "POST", "/customers", json: ["display_name": "C\(index)", "email": "c\(index)@example.com"]
                    ).status
                }
            }
            for await status in group { #expect(status == 201) }
        }
        let list = await harness.call("GET", "/customers", query: [("per_page", "200")])
        #expect(list.list("customers").count == 45)
        #expect(Set(list.list("customers").compactMap { $0["customer_id"] as? String }).count == 45)
        #expect(harness.emulator.recordedRequests.count == 41)
    }
}

@Suite struct RequestHistoryTests {
    @Test("The request history keeps the latest requests only, so a long-running sandbox stays bounded")
    func bounded() async {
        let emulator = ZohoEmulator(
            configuration: EmulatorConfiguration(requireAuthentication: false, requestHistoryLimit: 10))
        for index in 0..<500 {
            _ = await emulator.handle(
                EmulatorRequest(
                    method: "GET", path: "/billing/v1/organizations", query: [.init(name: "n", value: "\(index)")],
                    headers: [:], body: Data()))
        }
        let kept = emulator.recordedRequests
        #expect(kept.count >= 10 && kept.count <= 10 + 64)
        #expect(kept.last?.query.first?.value == "499", "the newest request is kept")
        #expect(EmulatorConfiguration.sandbox.requestHistoryLimit <= 64)
    }
}
