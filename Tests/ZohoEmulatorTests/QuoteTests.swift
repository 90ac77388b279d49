import Foundation
import Testing
import ZohoEmulator

@Suite("Quotes")
struct QuoteTests {
    /// Creates a two-line draft quote for the customer and returns it.
    func createQuote(_ harness: Harness, customer: String, extra: [String: Any] = [:]) async throws -> [String: Any] {
        var body: [String: Any] = [
            "customer_id": customer, "date": "2025-06-15", "expiry_date": "2025-07-15",
            "line_items": [
                ["item_id": "903000000010001", "name": "Setup", "rate": 200, "quantity": 1],
                ["item_id": "903000000010001", "name": "Seats", "rate": 10, "quantity": 5],
            ],
        ]
        body.merge(extra) { $1 }
        let reply = await harness.call("POST", "/estimates", json: body)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.object("estimate")
    }

    /// The descriptions of the quote's comments and history, newest first.
    func history(_ harness: Harness, _ id: String) async -> [String] {
        await harness.call("GET", "/estimates/\(id)/comments").list("comments").compactMap {
            $0["description"] as? String
        }
    }

    @Test(
        "Seeded quotes cover each status, and filter_by maps to them",
        arguments: [
            ("Status.All", 5), ("Status.Draft", 1), ("Status.Sent", 1), ("Status.Accepted", 1),
            ("Status.Declined", 1), ("Status.Expired", 1), ("Status.Invoiced", 0), ("status.expired", 1),
        ])
    func filters(filter: String, expected: Int) async {
        let harness = Harness()
        let reply = await harness.call("GET", "/estimates", query: [("filter_by", filter)])
        #expect(reply.status == 200)
        #expect(reply.list("estimates").count == expected)
        #expect((reply.pageContext["applied_filter"] as? String)?.lowercased() == filter.lowercased())
    }

    @Test("The list filters by customer and search text, sorts, and rejects unknown columns")
    func listScopes() async {
        let harness = Harness()
        let bluebird = await harness.customerID(named: "Bluebird")
        let mine = await harness.call("GET", "/estimates", query: [("customer_id", bluebird)])
        #expect(mine.list("estimates").count == 2)
        let search = await harness.call("GET", "/estimates", query: [("search_text", "cedar")])
        #expect(search.list("estimates").map { $0["customer_name"] as? String } == ["Cedar & Pine Studio"])
        let sorted = await harness.call(
            "GET", "/estimates", query: [("sort_column", "total"), ("sort_order", "A")])
        let totals = sorted.list("estimates").compactMap { ($0["total"] as? NSNumber)?.doubleValue }
        #expect(totals == totals.sorted())
        #expect(await harness.call("GET", "/estimates", query: [("sort_column", "balance")]).status == 400)
        #expect(await harness.call("GET", "/estimates", query: [("filter_by", "Status.Paid")]).status == 400)
    }

    @Test("Creating a quote totals lines, line and quote discounts, shipping and adjustment exactly")
    func create() async throws {
        let harness = Harness()
        let northwind = await harness.customerID(named: "Northwind")
        let reply = await harness.post(
            "/estimates",
            rawJSON: """
                {"customer_id":"\(northwind)","date":"2025-06-15","expiry_date":"2025-07-15",
                 "reference_number":"RFQ-7","discount":"10%","shipping_charge":5.50,"adjustment":-0.05,
                 "line_items":[{"item_id":"903000000010001","name":"Plan","rate":19.99,"quantity":3,"discount":"10%"},
                               {"item_id":"903000000010001","name":"Setup","rate":100.00,"quantity":1,"discount":20}]}
                """)
        #expect(reply.status == 201)
        #expect(reply.message == "The quote has been created")
        #expect(reply.text.contains(#""rate":19.99}"#))
        // 59.97 - 6.00 + 100.00 - 20 = 133.97; less 10% (13.40) plus 5.50 and -0.05.
        #expect(reply.text.contains(#""sub_total":133.97,"#))
        #expect(reply.text.contains(#""discount_total":13.4,"#))
        #expect(reply.text.contains(#""total":126.02}"#))
        let quote = reply.object("estimate")
        #expect(quote["status"] as? String == "draft")
        #expect(quote["estimate_number"] as? String == "QT-00006")
        #expect(quote["customer_name"] as? String == "Northwind Bistro")
        #expect(quote["template_name"] as? String == "Standard Template")
        let id = try #require(quote["estimate_id"] as? String)
        let fetched = await harness.call("GET", "/estimates/\(id)")
        #expect(fetched.text.contains(#""total":126.02}"#))
        #expect(await history(harness, id) == ["Quote created for 126.02"])
    }

    @Test("Creating a quote validates customer, lines, dates, discounts and numbers")
    func validation() async throws {
        let harness = Harness()
        let northwind = await harness.customerID(named: "Northwind")
        let line: [String: Any] = ["item_id": "1", "name": "A", "rate": 10, "quantity": 1]
        func create(_ body: [String: Any]) async -> Reply { await harness.call("POST", "/estimates", json: body) }
        #expect(await create(["line_items": [line]]).code == ZohoErrorCode.missingValue)
        #expect(await create(["customer_id": northwind]).message.contains("line_items"))
        #expect(await create(["customer_id": "1", "line_items": [line]]).code == ZohoErrorCode.resourceNotFound)
        let early = await create([
            "customer_id": northwind, "line_items": [line], "date": "2025-06-15", "expiry_date": "2025-06-01",
        ])
        #expect(early.message.contains("expiry_date"))
        let overDiscount = await create(["customer_id": northwind, "line_items": [line], "discount": "120%"])
        #expect(overDiscount.status == 400)
        let lineDiscount = await create([
            "customer_id": northwind,
            "line_items": [["item_id": "1", "name": "A", "rate": 10, "quantity": 1, "discount": 11]],
        ])
        #expect(lineDiscount.message.contains("line_items[0].discount"))
        _ = try await createQuote(harness, customer: northwind, extra: ["estimate_number": "Q-MINE"])
        let duplicate = await create(["customer_id": northwind, "line_items": [line], "estimate_number": "Q-MINE"])
        #expect(duplicate.code == 1001)
    }

    @Test("A quote moves from draft to sent to accepted or declined, and the history records each step")
    func lifecycle() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let quote = try await createQuote(harness, customer: cedar)
        let id = try #require(quote["estimate_id"] as? String)
        let early = await harness.call("POST", "/estimates/\(id)/status/accepted")
        #expect(early.code == ZohoErrorCode.invalidState)
        #expect(early.message.contains("draft"))
        let sent = await harness.call("POST", "/estimates/\(id)/status/sent")
        #expect(sent.message == "Estimate status has been changed to Sent.")
        #expect(await harness.call("POST", "/estimates/\(id)/status/sent").code == ZohoErrorCode.invalidState)
        let accepted = await harness.call("POST", "/estimates/\(id)/status/accepted")
        #expect(accepted.message == "Estimate status has been changed to Accepted.")
        var fetched = await harness.call("GET", "/estimates/\(id)").object("estimate")
        #expect(fetched["status"] as? String == "accepted")
        #expect(fetched["accepted_date"] as? String == "2025-06-15")
        let declined = await harness.call("POST", "/estimates/\(id)/status/declined")
        #expect(declined.message == "Estimate status has been changed to Declined.")
        fetched = await harness.call("GET", "/estimates/\(id)").object("estimate")
        #expect(fetched["status"] as? String == "declined")
        #expect(fetched["accepted_date"] == nil)
        #expect(
            await history(harness, id) == [
                "Quote marked as declined", "Quote marked as accepted", "Quote marked as sent", "Quote created for 250",
            ])
        #expect(await harness.call("POST", "/estimates/1/status/sent").status == 404)
    }

    @Test("A sent quote past its expiry date lists as expired and can still be accepted")
    func expiry() async throws {
        let harness = Harness()
        let expired = await harness.call("GET", "/estimates", query: [("filter_by", "Status.Expired")])
        let id = try #require(expired.list("estimates").first?["estimate_id"] as? String)
        #expect(await harness.call("GET", "/estimates/\(id)").object("estimate")["status"] as? String == "expired")
        #expect(await harness.call("POST", "/estimates/\(id)/status/accepted").code == 0)
    }

    @Test("Updating replaces the lines and recomputes the totals")
    func update() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let quote = try await createQuote(harness, customer: cedar)
        let id = try #require(quote["estimate_id"] as? String)
        let updated = await harness.call(
            "PUT", "/estimates/\(id)",
            json: [
                "customer_id": cedar, "notes": "Valid for 30 days.",
                "line_items": [["item_id": "1", "name": "Only line", "rate": 42.5, "quantity": 2]],
            ])
        #expect(updated.message == "Estimate information has been updated.")
        let estimate = updated.object("estimate")
        #expect(estimate["notes"] as? String == "Valid for 30 days.")
        #expect((estimate["line_items"] as? [Any])?.count == 1)
        #expect(estimate["total"] as? Int == 85)
        #expect(await harness.call("GET", "/estimates/\(id)").object("estimate")["total"] as? Int == 85)
        let bad = await harness.call("PUT", "/estimates/\(id)", json: ["customer_id": "1"])
        #expect(bad.code == ZohoErrorCode.resourceNotFound)
        #expect(await harness.call("PUT", "/estimates/1", json: ["customer_id": cedar]).status == 404)
    }

    @Test("Deleting a quote removes it and its comments")
    func delete() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let quote = try await createQuote(harness, customer: cedar)
        let id = try #require(quote["estimate_id"] as? String)
        let deleted = await harness.call("DELETE", "/estimates/\(id)")
        #expect(deleted.message == "The estimate has been deleted.")
        #expect(await harness.call("GET", "/estimates/\(id)").status == 404)
        #expect(await harness.call("GET", "/estimates/\(id)/comments").status == 404)
        #expect(await harness.call("DELETE", "/estimates/\(id)").status == 404)
    }

    @Test("Emailing one quote or several records the emails and marks drafts sent")
    func email() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let bluebird = await harness.customerID(named: "Bluebird")
        let first = try await createQuote(harness, customer: cedar)
        let firstID = try #require(first["estimate_id"] as? String)
        let sent = await harness.call(
            "POST", "/estimates/\(firstID)/email", json: ["to_mail_ids": ["lena.fischer@example.com"]])
        #expect(sent.message == "Your Estimate has been sent.")
        let email = try #require(harness.emulator.sentEmails.last)
        #expect(email.invoiceID == firstID)
        #expect(email.subject.contains("QT-00006"))
        #expect(await harness.call("GET", "/estimates/\(firstID)").object("estimate")["status"] as? String == "sent")
        let noRecipients = await harness.call("POST", "/estimates/\(firstID)/email", json: [:])
        #expect(noRecipients.code == ZohoErrorCode.missingValue)

        let content = await harness.call("GET", "/estimates/\(firstID)/email")
        #expect((content.json["subject"] as? String)?.contains("QT-00006") == true)
        #expect(
            (content.json["to_contacts"] as? [[String: Any]])?.first?["email"] as? String == "lena.fischer@example.com")
        let wrongTemplate = await harness.call(
            "GET", "/estimates/\(firstID)/email", query: [("email_template_id", "1")])
        #expect(wrongTemplate.status == 400)

        let second = try await createQuote(harness, customer: bluebird)
        let secondID = try #require(second["estimate_id"] as? String)
        let third = try await createQuote(harness, customer: cedar)
        let thirdID = try #require(third["estimate_id"] as? String)
        let bulk = await harness.call("POST", "/estimates/email", query: [("estimate_ids", "\(secondID), \(thirdID)")])
        #expect(bulk.message == "Mission accomplished! We've sent all the quotes.")
        #expect(
            harness.emulator.sentEmails.suffix(2).map(\.to) == [
                ["omar.haddad@example.com"], ["lena.fischer@example.com"],
            ])
        #expect(await harness.call("GET", "/estimates/\(thirdID)").object("estimate")["status"] as? String == "sent")
        let count = harness.emulator.sentEmails.count
        let unknown = await harness.call("POST", "/estimates/email", query: [("estimate_ids", "\(secondID),1")])
        #expect(unknown.code == ZohoErrorCode.resourceNotFound)
        let eleven = Array(repeating: secondID, count: 11).joined(separator: ",")
        #expect(await harness.call("POST", "/estimates/email", query: [("estimate_ids", eleven)]).status == 400)
        #expect(await harness.call("POST", "/estimates/email").code == ZohoErrorCode.missingValue)
        #expect(harness.emulator.sentEmails.count == count, "a refused bulk send emails nobody")
    }

    @Test("Templates list, and a quote switches to another one")
    func templates() async throws {
        let harness = Harness()
        let list = await harness.call("GET", "/estimates/templates")
        let templates = list.list("templates")
        #expect(templates.count == 3)
        let other = try #require(templates.last?["template_id"] as? String)
        let cedar = await harness.customerID(named: "Cedar")
        let quote = try await createQuote(harness, customer: cedar)
        let id = try #require(quote["estimate_id"] as? String)
        let changed = await harness.call("PUT", "/estimates/\(id)/templates/\(other)")
        #expect(changed.code == 0)
        let fetched = await harness.call("GET", "/estimates/\(id)").object("estimate")
        #expect(fetched["template_id"] as? String == other)
        #expect(fetched["template_name"] as? String == templates.last?["template_name"] as? String)
        #expect(await harness.call("PUT", "/estimates/\(id)/templates/1").status == 404)
    }

    @Test("Comments are added, listed newest first, edited and deleted; history entries are kept")
    func comments() async throws {
        let harness = Harness()
        let cedar = await harness.customerID(named: "Cedar")
        let quote = try await createQuote(harness, customer: cedar)
        let id = try #require(quote["estimate_id"] as? String)
        let added = await harness.call(
            "POST", "/estimates/\(id)/comments",
            json: ["description": "Asked for annual pricing", "show_comment_to_clients": true])
        #expect(added.message == "Comments added")
        let comment = added.object("comment")
        #expect(comment["show_comment_to_clients"] as? Bool == true)
        #expect(comment["comment_type"] as? String == "internal")
        let commentID = try #require(comment["comment_id"] as? String)
        #expect(await history(harness, id) == ["Asked for annual pricing", "Quote created for 250"])
        let edited = await harness.call(
            "PUT", "/estimates/\(id)/comments/\(commentID)", json: ["description": "Asked for monthly pricing"])
        #expect(edited.object("comment")["description"] as? String == "Asked for monthly pricing")
        #expect(edited.object("comment")["show_comment_to_clients"] as? Bool == true)
        let system = await harness.call("GET", "/estimates/\(id)/comments").list("comments").last
        let systemID = try #require(system?["comment_id"] as? String)
        #expect(
            await harness.call("DELETE", "/estimates/\(id)/comments/\(systemID)").code == ZohoErrorCode.invalidState)
        #expect(await harness.call("POST", "/estimates/\(id)/comments", json: [:]).code == ZohoErrorCode.missingValue)
        let deleted = await harness.call("DELETE", "/estimates/\(id)/comments/\(commentID)")
        #expect(deleted.message == "The comment has been deleted.")
        #expect(await history(harness, id) == ["Quote created for 250"])
        #expect(await harness.call("DELETE", "/estimates/\(id)/comments/\(commentID)").status == 404)
    }

    @Test("The newest seeded quote ends with a team comment that can be edited")
    func seededComment() async throws {
        let harness = Harness()
        let list = await harness.call("GET", "/estimates")
        let id = try #require(list.list("estimates").first?["estimate_id"] as? String)
        let first = await harness.call("GET", "/estimates/\(id)/comments").list("comments").first
        #expect(first?["comment_type"] as? String == "internal")
        let commentID = try #require(first?["comment_id"] as? String)
        let edited = await harness.call(
            "PUT", "/estimates/\(id)/comments/\(commentID)", json: ["description": "Called back"])
        #expect(edited.code == 0)
    }
}
