import Foundation
import JSONCore
import TestSupport
import Testing
import ZohoEmulator
import ZohoFakeServer

/// Calls every tool the built binary lists (`ZOHO_MCP_ACCESS=full`, `ZOHO_MCP_TOOLSETS=all`) once on the sandbox,
/// with the `example` its schema declares, through the confirmation flow where the tool asks for it. Each tool
/// runs in a server process of its own, so it starts from the sandbox's seed data and a destructive example
/// cannot disturb another tool's.
///
/// An example's string `"@list_tool.field"` is replaced by that field of the first row `list_tool` returns when
/// called with the example's other arguments it accepts (and `detail: "full"` where it takes that);
/// `"@list_tool.field?status=draft&x=y"` adds those arguments to the list call.
@Suite(.serialized) struct CatalogWalkTests {
    /// Examples of the tools that have no schema file: the computed reports and the usage tool.
    static let computedExamples: [String: JSONValue] = [
        "report_ar_aging": ["bucket_days": 30, "oldest": 5],
        "report_mrr": ["months": 3],
        "report_churn": [:],
        "report_dunning": [:],
        "report_renewals": ["days": 60],
        "report_customer_balances": ["limit": 10],
        "report_payments": [:],
        "zoho_api_usage": [:],
    ]

    /// What the schema files say about each tool: its example, the envelope key of its result, and its request.
    struct SchemaTool {
        var example: JSONValue?
        var responseKey: String?
        var method: String? = nil
        var path: String? = nil
        var params: [String: JSONValue] = [:]
    }

    static let schemaTools: [String: SchemaTool] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Schemas")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var tools: [String: SchemaTool] = [:]
        for file in files where file.hasSuffix(".json") && file != "meta-schema.json" {
            guard let data = FileManager.default.contents(atPath: directory.appending(path: file).path),
                let schema = try? JSONParser.parse(data)
            else { continue }
            for tool in schema["tools"]?.arrayValue ?? [] {
                guard let name = tool["name"]?.stringValue else { continue }
                tools[name] = SchemaTool(
                    example: tool["example"], responseKey: tool["response"]?["key"]?.stringValue,
                    method: tool["method"]?.stringValue, path: tool["path"]?.stringValue,
                    params: tool["params"]?.objectValue ?? [:])
            }
        }
        return tools
    }()

    static func example(for name: String) -> JSONValue? {
        schemaTools[name]?.example ?? computedExamples[name]
    }

    static let environment: [String: String] = [
        "ZOHO_MCP_ACCESS": "full", "ZOHO_MCP_TOOLSETS": "all", "ZOHO_MCP_AUDIT_LOG": "off",
        "XDG_STATE_HOME": FileManager.default.temporaryDirectory.appending(path: "catalog-walk-\(UUID().uuidString)")
            .path,
    ]

    /// Every tool the binary lists at full access with every toolset, with its input schema.
    static func listedTools() async throws -> [String: JSONValue] {
        let server = try ServerProcess(arguments: ["serve", "--sandbox"], environment: environment)
        _ = try await server.initialize()
        let list = try await server.request("tools/list", id: 1)
        server.closeInput()
        var tools: [String: JSONValue] = [:]
        for tool in list["result"]?["tools"]?.arrayValue ?? [] {
            if let name = tool["name"]?.stringValue { tools[name] = tool["inputSchema"] ?? [:] }
        }
        return tools
    }

    @Test("Every listed tool has an example")
    func everyToolHasAnExample() async throws {
        let tools = try await Self.listedTools()
        #expect(tools.count > 50)
        let missing = tools.keys.sorted().filter { Self.example(for: $0) == nil }
        #expect(
            missing.isEmpty,
            """
            \(missing.count) tool(s) have no example, so the catalog walk cannot call them. Add an "example" to \
            the tool in its schema file (computed tools: CatalogWalkTests.computedExamples): \
            \(missing.joined(separator: ", "))
            """)
    }

    @Test("Every example's placeholders name a listed list tool and a field")
    func placeholdersAreWellFormed() async throws {
        let tools = try await Self.listedTools()
        for name in tools.keys.sorted() {
            guard let example = Self.example(for: name) else { continue }
            for placeholder in Self.placeholders(in: example) {
                let parsed = try #require(Placeholder(placeholder), "\(name): \(placeholder)")
                #expect(tools[parsed.tool] != nil, "\(name): \(placeholder) names no listed tool")
                // A list pages, or at least is named as one (a quote's comments come back whole).
                let isList = tools[parsed.tool]?["properties"]?["page"] != nil || parsed.tool.hasPrefix("list_")
                #expect(isList, "\(name): \(parsed.tool) is no list tool")
            }
            for key in example.objectValue?.keys.sorted() ?? [] {
                #expect(tools[name]?["properties"]?[key] != nil, "\(name): example argument \(key) is not in its input")
            }
        }
    }

    /// Where a walk sends its calls.
    enum Backend: Sendable {
        /// The embedded sandbox (`serve --sandbox`).
        case sandbox
        /// The test suite's fake Zoho over loopback HTTP, through libcurl, with each tool's request checked.
        case fake
    }

    @Test("Every tool runs once on the sandbox with its example, confirmed where it asks")
    func walk() async throws {
        try await Self.walk(over: .sandbox)
    }

    @Test("Every tool runs once through the real HTTP path against the fake, and sends the request it declares")
    func walkOverHTTP() async throws {
        try await Self.walk(over: .fake)
    }

    static func walk(over backend: Backend) async throws {
        let tools = try await Self.listedTools()
        let names = tools.keys.sorted().filter { Self.example(for: $0) != nil }
        let started = ContinuousClock.now
        var failures: [String] = []
        // A few processes at a time: each is mostly waiting on pipes, and the machine has two cores.
        try await withThrowingTaskGroup(of: String?.self) { group in
            var pending = names[...]
            for _ in 0..<2 {
                guard let name = pending.popFirst() else { break }
                group.addTask { try await Self.run(name, tools: tools, over: backend) }
            }
            while let failure = try await group.next() {
                if let failure { failures.append(failure) }
                if let name = pending.popFirst() {
                    group.addTask { try await Self.run(name, tools: tools, over: backend) }
                }
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.formatted(.units(allowed: [.seconds], width: .abbreviated))
        print("Catalog walk (\(backend)): \(names.count) tools in \(seconds).")
        #expect(names.count > 0)
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(names.count) tools failed (\(backend)):\n\(failures.sorted().joined(separator: "\n"))"
        )
    }

    // MARK: - One tool

    /// Runs one tool's example in a fresh server (and, over HTTP, a fresh fake); nil when it succeeded, else what
    /// went wrong.
    static func run(_ name: String, tools: [String: JSONValue], over backend: Backend) async throws -> String? {
        guard let example = example(for: name) else { return nil }
        var fake: TestEnvironment? = nil
        let server: ServerProcess
        // State files of their own: the duplicate guard must not see another tool's (or the other walk's) writes.
        var settings = environment
        settings["XDG_STATE_HOME"] =
            FileManager.default.temporaryDirectory
            .appending(path: "catalog-walk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: settings["XDG_STATE_HOME"]!) }
        switch backend {
        case .sandbox:
            server = try ServerProcess(arguments: ["serve", "--sandbox"], environment: settings)
        case .fake:
            let started = try await TestEnvironment.start()
            fake = started
            server = try ServerProcess(environment: started.environment(extra: settings))
        }
        defer {
            server.closeInput()
            if let fake { Task { await fake.stop() } }
        }
        _ = try await server.initialize()
        var nextID = 1
        func call(_ tool: String, _ arguments: JSONValue) async throws -> JSONValue {
            nextID += 1
            return try await server.callTool(tool, arguments, id: nextID)
        }
        var arguments: JSONValue
        do {
            try await prepareData(for: name, call: call)
            arguments = try await resolve(example, tools: tools, call: call)
            arguments = try await prepare(name, arguments: arguments, call: call)
        } catch let failure as WalkFailure {
            return "\(name): \(failure.message)"
        }
        var sentBefore = fake?.apiRequests.count ?? 0
        var result = try await call(name, arguments)
        if result["structuredContent"]?["status"] == "confirmation_required" {
            guard let token = result["structuredContent"]?["confirmation_token"]?.stringValue,
                case .object(var confirmed) = arguments
            else { return "\(name): a confirmation preview without a confirmation_token" }
            confirmed["confirmation_token"] = .string(token)
            sentBefore = fake?.apiRequests.count ?? 0
            result = try await call(name, .object(confirmed))
        }
        guard result["isError"] == true else {
            guard let fake, let spec = schemaTools[name], spec.method != nil else { return nil }
            return requestProblem(
                name, spec: spec, arguments: arguments, sent: Array(fake.apiRequests.dropFirst(sentBefore)))
        }
        let text = result.toolText
        if text.contains("Invalid URL Passed") {
            return "\(name): the sandbox does not know this route (\(text.prefix(200)))"
        }
        return "\(name) \(arguments.serialized()): \(text.prefix(300))"
    }

    // MARK: - Preparations

    /// Records a few tools need that no seed holds in every backend (a deletable customer, an unbilled charge),
    /// made through the tools themselves before the example is resolved.
    static func prepareData(for name: String, call: (String, JSONValue) async throws -> JSONValue) async throws {
        switch name {
        case "delete_customer":
            // A customer with no transactions, which Zoho lets one delete.
            try await expectSuccess(
                "create_customer", ["display_name": "Catalog Walk", "email": "walk@example.com"], call: call)
        case "get_unbilled_charge", "convert_unbilled_charge", "delete_unbilled_charge":
            // A charge held for the end of term on the first subscription, where the example looks for it.
            let subscriptions = try await expectSuccess("list_subscriptions", [:], call: call)
            guard let subscriptionID = subscriptions["subscriptions"]?.arrayValue?.first?["subscription_id"] else {
                throw WalkFailure(message: "no subscription to hold a charge")
            }
            try await expectSuccess(
                "add_subscription_charge",
                [
                    "subscription_id": subscriptionID, "amount": 12, "description": "Catalog walk charge",
                    "add_to_unbilled_charges": true,
                ], call: call)
        default: break
        }
    }

    /// The state a tool needs on the records its example resolved to: a write-off to cancel, a card or coupon to
    /// remove, an invoice of the credit note's own customer.
    static func prepare(
        _ name: String, arguments: JSONValue, call: (String, JSONValue) async throws -> JSONValue
    ) async throws -> JSONValue {
        var arguments = arguments.objectValue ?? [:]
        switch name {
        case "cancel_invoice_write_off":
            try await expectSuccess("write_off_invoice", ["invoice_id": arguments["invoice_id"] ?? .null], call: call)
        case "remove_subscription_card":
            let subscription = try await expectSuccess(
                "get_subscription", ["subscription_id": arguments["subscription_id"] ?? .null], call: call)
            let customerID =
                subscription["subscription"]?["customer_id"]
                ?? subscription["subscription"]?["customer"]?[
                    "customer_id"]
            let cards = try await expectSuccess("list_customer_cards", ["customer_id": customerID ?? .null], call: call)
            guard let cardID = cards["cards"]?.arrayValue?.first?["card_id"] else {
                throw WalkFailure(message: "the subscription's customer has no stored card to attach first")
            }
            try await expectSuccess(
                "update_subscription_card",
                ["subscription_id": arguments["subscription_id"] ?? .null, "card_id": cardID], call: call)
        case "remove_subscription_coupon":
            let coupons = try await expectSuccess("list_coupons", ["status": "active"], call: call)
            guard let code = coupons["coupons"]?.arrayValue?.first?["coupon_code"] else {
                throw WalkFailure(message: "no active coupon to apply first")
            }
            try await expectSuccess(
                "apply_subscription_coupon",
                ["subscription_id": arguments["subscription_id"] ?? .null, "coupon_code": code], call: call)
        case "apply_credit_note":
            let note = try await expectSuccess(
                "get_credit_note", ["creditnote_id": arguments["creditnote_id"] ?? .null], call: call)
            let invoices = try await expectSuccess(
                "list_invoices",
                ["customer_id": note["creditnote"]?["customer_id"] ?? .null, "status": "unpaid"], call: call)
            guard let invoiceID = invoices["invoices"]?.arrayValue?.first?["invoice_id"] else {
                throw WalkFailure(message: "the credit note's customer has no unpaid invoice to apply it to")
            }
            arguments["invoices"] = [["invoice_id": invoiceID, "amount_applied": 1]]
        default: break
        }
        return .object(arguments)
    }

    /// The structured result of a preparing call, which must succeed.
    @discardableResult
    static func expectSuccess(
        _ tool: String, _ arguments: JSONValue, call: (String, JSONValue) async throws -> JSONValue
    ) async throws -> JSONValue {
        var result = try await call(tool, arguments)
        if result["structuredContent"]?["status"] == "confirmation_required",
            let token = result["structuredContent"]?["confirmation_token"]?.stringValue,
            case .object(var confirmed) = arguments
        {
            confirmed["confirmation_token"] = .string(token)
            result = try await call(tool, .object(confirmed))
        }
        guard result["isError"] != true else {
            throw WalkFailure(message: "preparing with \(tool) failed: \(result.toolText.prefix(200))")
        }
        return result["structuredContent"] ?? [:]
    }

    /// Arguments the server itself consumes, which never reach Zoho.
    static let localArguments: Set<String> = ["organization_id", "confirmation_token", "allow_duplicate", "detail"]

    /// Checks that one of the requests a tool's call sent is the request its schema declares: the method, the
    /// path with its placeholders filled from the arguments, and every other argument in the query or the body
    /// under Zoho's name (and mapped value). Nil when it is so, else what differs.
    static func requestProblem(
        _ name: String, spec: SchemaTool, arguments: JSONValue, sent: [EmulatorRequest]
    ) -> String? {
        guard let method = spec.method, let template = spec.path else { return nil }
        let given = arguments.objectValue ?? [:]
        var path = "/billing/v1" + template
        var inPath: Set<String> = []
        for (key, value) in given where path.contains("{\(key)}") {
            path = path.replacingOccurrences(of: "{\(key)}", with: value.stringValue ?? value.serialized())
            inPath.insert(key)
        }
        guard let request = sent.last(where: { $0.method == method && $0.path == path }) else {
            let seen = sent.map { "\($0.method) \($0.path)" }.joined(separator: ", ")
            return "\(name): expected \(method) \(path), the fake saw [\(seen)]"
        }
        let body = (try? JSONParser.parse(request.body))?.objectValue ?? [:]
        for (key, value) in given.sorted(by: { $0.key < $1.key })
        where !inPath.contains(key) && !localArguments.contains(key) {
            let mapping = spec.params[key]
            let zohoName = mapping?["name"]?.stringValue ?? key
            let location = mapping?["in"]?.stringValue ?? (method == "GET" || method == "DELETE" ? "query" : "body")
            if location == "query" {
                let expected =
                    mapping?["values"]?[value.stringValue ?? ""]?.stringValue ?? value.stringValue
                    ?? value.serialized()
                guard request.queryValue(zohoName) == expected else {
                    return "\(name): argument \(key) should reach Zoho as \(zohoName)=\(expected) in the query; "
                        + "the query was \(request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))"
                }
            } else if location == "body", body[zohoName] == nil {
                return "\(name): argument \(key) should reach Zoho as \(zohoName) in the JSON body: "
                    + String(decoding: request.body.prefix(300), as: UTF8.self)
            }
        }
        return nil
    }

    struct WalkFailure: Error {
        var message: String
    }

    /// A parsed `@list_tool.field?name=value&...`.
    struct Placeholder: Hashable {
        var tool: String
        var field: String
        var arguments: [String: String]

        init?(_ text: String) {
            guard text.hasPrefix("@") else { return nil }
            let parts = text.dropFirst().split(separator: "?", maxSplits: 1)
            let target = parts[0].split(separator: ".", maxSplits: 1)
            guard target.count == 2, !target[0].isEmpty, !target[1].isEmpty else { return nil }
            tool = String(target[0])
            field = String(target[1])
            arguments = [:]
            for pair in parts.count > 1 ? parts[1].split(separator: "&") : [] {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                guard keyValue.count == 2 else { return nil }
                arguments[String(keyValue[0])] = String(keyValue[1])
            }
        }
    }

    static func placeholders(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text) where text.hasPrefix("@"): [text]
        case .array(let items): items.flatMap(placeholders(in:))
        case .object(let members): members.keys.sorted().flatMap { placeholders(in: members[$0]!) }
        default: []
        }
    }

    /// The example with every placeholder replaced by a value read from the sandbox.
    ///
    /// Top-level arguments resolve in dependency order: a placeholder whose list tool takes another argument of
    /// the example that is itself a placeholder waits for it (`contactperson_id` from `list_contact_persons`
    /// waits for `customer_id`), so the list call gets every argument of the example it accepts.
    static func resolve(
        _ example: JSONValue, tools: [String: JSONValue], call: (String, JSONValue) async throws -> JSONValue
    ) async throws -> JSONValue {
        let members = example.objectValue ?? [:]
        var known = members.filter { placeholders(in: $0.value).isEmpty }
        var pending = Set(members.keys).subtracting(known.keys)
        var rows: [String: JSONValue] = [:]

        func accepted(by tool: String) -> [String: JSONValue] {
            tools[tool]?["properties"]?.objectValue ?? [:]
        }
        func resolved(_ text: String, for argument: String) async throws -> JSONValue {
            guard let placeholder = Placeholder(text) else { throw WalkFailure(message: "malformed \(text)") }
            let accepted = accepted(by: placeholder.tool)
            var arguments = known.filter { $0.key != argument && accepted[$0.key] != nil }
            for (key, argument) in placeholder.arguments {
                let type = accepted[key]?["type"]?.stringValue
                arguments[key] =
                    type == "integer" || type == "number"
                    ? (try? JSONParser.parse(argument)) ?? .string(argument)
                    : type == "boolean" ? .bool(argument == "true") : .string(argument)
            }
            if accepted["detail"] != nil { arguments["detail"] = "full" }
            let request = JSONValue.object(arguments)
            let key = placeholder.tool + " " + request.serialized()
            if rows[key] == nil {
                let result = try await call(placeholder.tool, request)
                guard result["isError"] != true else {
                    throw WalkFailure(message: "\(placeholder.tool) failed: \(result.toolText.prefix(200))")
                }
                rows[key] =
                    firstRow(result["structuredContent"] ?? [:], key: schemaTools[placeholder.tool]?.responseKey)
                    ?? .null
            }
            guard let row = rows[key], row != .null else {
                throw WalkFailure(message: "\(placeholder.tool) \(request.serialized()) returned no rows for \(text)")
            }
            guard let found = row[placeholder.field], found != .null else {
                throw WalkFailure(message: "the first row of \(placeholder.tool) has no \(placeholder.field)")
            }
            return found
        }
        func substitute(_ value: JSONValue, for argument: String) async throws -> JSONValue {
            switch value {
            case .string(let text) where text.hasPrefix("@"): return try await resolved(text, for: argument)
            case .array(let items):
                var out: [JSONValue] = []
                for item in items { out.append(try await substitute(item, for: argument)) }
                return .array(out)
            case .object(let members):
                var out: [String: JSONValue] = [:]
                for key in members.keys.sorted() { out[key] = try await substitute(members[key]!, for: argument) }
                return .object(out)
            default: return value
            }
        }

        while !pending.isEmpty {
            let ready = pending.filter { argument in
                placeholders(in: members[argument]!).allSatisfy { text in
                    let accepted = Placeholder(text).map { accepted(by: $0.tool) } ?? [:]
                    return !pending.contains { $0 != argument && accepted[$0] != nil }
                }
            }
            // Arguments waiting on each other resolve with what is known so far.
            for argument in (ready.isEmpty ? pending : ready).sorted() {
                known[argument] = try await substitute(members[argument]!, for: argument)
                pending.remove(argument)
            }
        }
        return example.objectValue == nil ? example : .object(known)
    }

    /// The first row of a list result: under the tool's response key, else the first array of objects.
    static func firstRow(_ structured: JSONValue, key: String?) -> JSONValue? {
        if let key, let rows = structured[key]?.arrayValue { return rows.first }
        let members = structured.objectValue ?? [:]
        for name in members.keys.sorted() {
            if let rows = members[name]?.arrayValue, rows.first?.objectValue != nil { return rows.first }
        }
        return nil
    }
}
