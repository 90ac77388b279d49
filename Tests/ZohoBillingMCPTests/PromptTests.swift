import Foundation
import JSONCore
import TestSupport
import Testing

/// The billing prompts and argument completion through the built binary on the sandbox.
@Suite struct PromptTests {
    static func sandbox(_ extra: [String: String] = [:]) throws -> ServerProcess {
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-prompts-\(UUID().uuidString)")
        // Plan completion reads list_plans, whose toolset is outside the default set.
        return try ServerProcess(
            environment: ["ZOHO_MCP_SANDBOX": "1", "ZOHO_MCP_TOOLSETS": "default,plans", "HOME": directory.path]
                .merging(extra) { _, new in new })
    }

    static func completion(_ prompt: String, _ argument: String, _ value: String) -> JSONValue {
        [
            "ref": ["type": "ref/prompt", "name": .string(prompt)],
            "argument": ["name": .string(argument), "value": .string(value)],
        ]
    }

    @Test("prompts/list offers the five monthly workflows, and initialize declares completions")
    func list() async throws {
        let server = try Self.sandbox()
        defer { server.closeInput() }
        let initialized = try await server.initialize()
        #expect(initialized["result"]?["capabilities"]?["completions"] == .object([:]))
        let prompts = try #require(try await server.request("prompts/list", id: 1)["result"]?["prompts"]?.arrayValue)
        #expect(
            prompts.compactMap { $0["name"]?.stringValue } == [
                "chase_overdue_invoices", "month_end_revenue_summary", "dunning_review", "upcoming_renewals",
                "onboard_customer",
            ])
        for prompt in prompts {
            #expect(prompt["description"]?.stringValue?.isEmpty == false)
            #expect(prompt["title"]?.stringValue?.isEmpty == false)
        }
        let onboard = try #require(prompts.first { $0["name"] == "onboard_customer" })
        #expect(onboard["arguments"]?.element(where: "name", is: "customer_name")?["required"] == true)
    }

    @Test(
        "Each prompt points the agent at its reports and tools",
        arguments: [
            (
                "chase_overdue_invoices", ["customer_name": "Cedar & Pine Studio"] as [String: String],
                ["report_ar_aging", "email_invoice", "Cedar & Pine Studio", "confirm"]
            ),
            (
                "month_end_revenue_summary", ["month": "2026-02"],
                ["report_mrr", "report_churn", "report_payments", "2026-02-28"]
            ),
            ("dunning_review", [String: String](), ["report_dunning", "get_subscription"]),
            ("upcoming_renewals", ["days": "14"], ["report_renewals with days 14"]),
            (
                "onboard_customer", ["customer_name": "Ada Ltd", "plan_code": "basic-monthly"],
                ["create_customer", "create_subscription", "basic-monthly", "list_customers"]
            ),
        ])
    func get(name: String, arguments: [String: String], fragments: [String]) async throws {
        let server = try Self.sandbox()
        defer { server.closeInput() }
        _ = try await server.initialize()
        let answer = try await server.request(
            "prompts/get",
            params: ["name": .string(name), "arguments": .object(arguments.mapValues(JSONValue.string))], id: 2)
        let message = try #require(answer["result"]?["messages"]?.arrayValue?.first)
        #expect(message["role"] == "user")
        let text = message["content"]?["text"]?.stringValue ?? ""
        for fragment in fragments { #expect(text.contains(fragment), "\(name) lacks \(fragment)") }
    }

    @Test("prompts/get refuses a missing required argument, an unknown one, and a malformed month")
    func badArguments() async throws {
        let server = try Self.sandbox()
        defer { server.closeInput() }
        _ = try await server.initialize()
        let cases: [(JSONValue, String)] = [
            (["name": "onboard_customer", "arguments": ["email": "a@example.com"]], "customer_name"),
            (["name": "dunning_review", "arguments": ["customer": "x"]], "no argument 'customer'"),
            (["name": "month_end_revenue_summary", "arguments": ["month": "2026-13"]], "yyyy-mm"),
            (["name": "no_such_prompt"], "Unknown prompt"),
        ]
        for (index, (params, fragment)) in cases.enumerated() {
            let answer = try await server.request("prompts/get", params: params, id: 10 + index)
            #expect(answer["error"]?["code"] == -32602)
            #expect(answer["error"]?["message"]?.stringValue?.contains(fragment) == true, "\(answer.serialized())")
        }
    }

    @Test("completion/complete suggests customers and plans from the organization, and fixed values otherwise")
    func complete() async throws {
        let server = try Self.sandbox()
        defer { server.closeInput() }
        _ = try await server.initialize()
        func values(_ params: JSONValue, id: Int) async throws -> [String] {
            let answer = try await server.request("completion/complete", params: params, id: id)
            return answer["result"]?["completion"]?["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        #expect(
            try await values(Self.completion("onboard_customer", "customer_name", "north"), id: 1) == [
                "Northstar IT Consulting", "Northwind Bistro",
            ])
        // Names that start with the text come first, in order, before names that merely contain it.
        let b = try await values(Self.completion("chase_overdue_invoices", "customer_name", "b"), id: 2)
        #expect(b.first == "Bayview Realty Group")
        let bluebird = try #require(b.firstIndex(of: "Bluebird Analytics"))
        let northwind = try #require(b.firstIndex(of: "Northwind Bistro"))
        #expect(bluebird < northwind)
        #expect(
            try await values(Self.completion("onboard_customer", "plan_code", "pro-"), id: 3) == [
                "pro-annual", "pro-monthly",
            ])
        #expect(try await values(Self.completion("upcoming_renewals", "days", "3"), id: 4) == ["30"])
        #expect(try await values(Self.completion("month_end_revenue_summary", "month", ""), id: 5).count == 12)
        #expect(try await values(Self.completion("onboard_customer", "email", "a"), id: 6) == [])
        let resource: JSONValue = [
            "ref": ["type": "ref/resource", "uri": "file:///x"], "argument": ["name": "a", "value": ""],
        ]
        #expect(try await values(resource, id: 7) == [])
        let unknown = try await server.request(
            "completion/complete", params: Self.completion("no_such_prompt", "x", ""), id: 8)
        #expect(unknown["error"]?["code"] == -32602)
    }

    @Test("Completion obeys the tool selection: with customers switched off, no names are offered")
    func completionFollowsSelection() async throws {
        let server = try Self.sandbox(["ZOHO_MCP_TOOLSETS": "invoices"])
        defer { server.closeInput() }
        _ = try await server.initialize()
        let answer = try await server.request(
            "completion/complete", params: Self.completion("onboard_customer", "customer_name", "n"), id: 1)
        #expect(answer["result"]?["completion"]?["values"] == [])
    }

    @Test("Prompts and completion work in the 2026-07-28 era too")
    func modernEra() async throws {
        let server = try Self.sandbox()
        defer { server.closeInput() }
        let meta = ProtocolEraTests.envelope()
        let list = try await server.request("prompts/list", params: ["_meta": meta], id: 1)
        #expect(list["result"]?["prompts"]?.arrayValue?.count == 5)
        #expect(list["result"]?["resultType"] == "complete")
        var params = Self.completion("onboard_customer", "plan_code", "basic")
        if case .object(var members) = params {
            members["_meta"] = meta
            params = .object(members)
        }
        let completion = try await server.request("completion/complete", params: params, id: 2)
        #expect(completion["result"]?["completion"]?["values"] == ["basic-annual", "basic-monthly"])
        let discover = try await Self.sandbox().request("server/discover", params: ["_meta": meta], id: 3)
        #expect(discover["result"]?["capabilities"]?["completions"] != nil)
    }
}
