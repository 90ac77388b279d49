import JSONCore
import MCPServer
import ZohoBillingTools

/// The prompts finance teams reach for every month. Each one is a short brief that points the agent at the
/// reports and tools for the job, and says where the person must confirm before anything reaches a customer.
///
/// Arguments that name records (customers, plans) are completed from the organization's own data through the
/// dispatcher, so completion obeys the same access level, toolsets and audit as any tool call.
struct BillingPrompts: PromptHandler {
    let dispatcher: ToolDispatcher

    /// What an argument's completions come from.
    enum Source {
        case customerName, planCode, month, days
    }

    struct Argument {
        var name: String
        var description: String
        var required = false
        var source: Source?
    }

    struct Prompt {
        var name: String
        var title: String
        var description: String
        var arguments: [Argument]
        var text: @Sendable ([String: String]) -> String
    }

    static let all: [Prompt] = [chaseOverdue, monthEnd, dunningReview, renewals, onboard]

    // MARK: - The prompts

    static let chaseOverdue = Prompt(
        name: "chase_overdue_invoices", title: "Chase overdue invoices",
        description: "Find overdue invoices with the AR aging report and draft reminder emails for you to approve.",
        arguments: [
            Argument(
                name: "customer_name", description: "Only this customer (default: every customer).",
                source: .customerName),
            Argument(
                name: "min_days_overdue", description: "Skip invoices fewer days past due (default 1).", source: .days),
        ]
    ) { arguments in
        let scope =
            arguments["customer_name"].map { "for the customer \($0) (find its customer_id with list_customers)" }
            ?? "for every customer"
        let days = arguments["min_days_overdue"] ?? "1"
        return """
            Help me chase overdue invoices \(scope).
            1. Run report_ar_aging (pass customer_id if I named a customer) and take the invoices at least \(days) \
            days past due from its oldest_invoices and per-customer rows; call list_invoices with status overdue \
            for the full list when the report lists only the oldest.
            2. For each customer, draft one polite reminder email: the invoice numbers, due dates and balances \
            with their currency, the total owed, and how to pay. Use get_customer for the contact email.
            3. Show me all drafts in a table and ask me which to send. Send nothing until I confirm; then use \
            email_invoice for each approved invoice. If email_invoice is not available, give me the drafts to send \
            myself.
            Amounts in different currencies are separate totals; never add them together.
            """
    }

    static let monthEnd = Prompt(
        name: "month_end_revenue_summary", title: "Month-end revenue summary",
        description: "MRR and ARR, churn and payments received for a month, in one summary.",
        arguments: [
            Argument(name: "month", description: "The month as yyyy-mm (default: last month).", source: .month)
        ]
    ) { arguments in
        let today = ReportDate.today
        let month = arguments["month"] ?? today.startOfMonth(offset: -1).monthKey
        let first = ReportDate(month + "-01") ?? today.startOfMonth(offset: -1)
        let last = first.endOfMonth
        return """
            Write the month-end revenue summary for \(month) (\(first) to \(last)).
            1. report_mrr with as_of \(last) and months 3: MRR and ARR per currency, the change over the last \
            three month-ends, and the plans that carry most of it.
            2. report_churn with from \(first) and to \(last): cancellations, churned MRR, voluntary against dunning.
            3. report_payments with from \(first) and to \(last): cash received, refunds and net, by payment mode.
            4. report_ar_aging with as_of \(last): what is still owed and how old it is.
            Give a short narrative first (growth, churn, cash, collections risk), then one table per report. Keep \
            currencies apart, quote each report's definitions where a number could be misread, and mention any \
            report that says its data is incomplete.
            """
    }

    static let dunningReview = Prompt(
        name: "dunning_review", title: "Dunning review",
        description: "Review subscriptions whose payments are failing and propose what to do for each.",
        arguments: []
    ) { _ in
        """
        Review dunning with me.
        1. Run report_dunning: subscriptions in dunning or unpaid, their unpaid invoices, the last failed charge \
        and the next retry.
        2. For each, look at the customer (get_customer) and the subscription (get_subscription), and propose one \
        action: wait for the next retry, ask the customer to update their card, offer a payment plan, or cancel. \
        Say why, with the amounts and dates.
        3. Present the proposals as a table and wait for my decision on each. Do not cancel, charge or email \
        anything without my explicit confirmation.
        """
    }

    static let renewals = Prompt(
        name: "upcoming_renewals", title: "Upcoming renewals",
        description: "Renewals, trial conversions and non-renewing subscriptions in the coming days.",
        arguments: [Argument(name: "days", description: "Days ahead to look (default 30).", source: .days)]
    ) { arguments in
        let days = arguments["days"] ?? "30"
        return """
            Show me what renews in the next \(days) days.
            1. Run report_renewals with days \(days): renewals with their amounts, trials ending, and \
            subscriptions set not to renew that end in the window.
            2. Flag renewals whose customer has overdue invoices (report_customer_balances or list_invoices with \
            status overdue and the customer_id), and trials that are about to end without a card.
            3. Suggest who to contact first and why. Totals stay per currency.
            """
    }

    static let onboard = Prompt(
        name: "onboard_customer", title: "Onboard a new customer",
        description: "Create a customer and subscribe them to a plan, checking for duplicates first.",
        arguments: [
            Argument(name: "customer_name", description: "The customer's name.", required: true, source: .customerName),
            Argument(name: "email", description: "The billing contact's email."),
            Argument(name: "plan_code", description: "The plan to subscribe them to.", source: .planCode),
        ]
    ) { arguments in
        let name = arguments["customer_name"] ?? ""
        let email = arguments["email"].map { " with billing email \($0)" } ?? ""
        let plan = arguments["plan_code"].map { "the plan \($0)" } ?? "a plan I choose from list_plans (status active)"
        return """
            Onboard \(name)\(email) on \(plan).
            1. Check list_customers for an existing customer with this name or email; if one exists, show it and \
            ask whether to use it instead of creating a duplicate.
            2. Confirm the plan with list_plans: its price, billing interval and trial.
            3. Show me exactly what you will create (customer fields, plan, start date, whether a card will be \
            charged) and wait for my confirmation.
            4. Then call create_customer and create_subscription, and report the new ids, the first invoice and \
            the next billing date. If those tools are not available, say which access level is needed.
            """
    }

    // MARK: - PromptHandler

    var prompts: [JSONValue] {
        Self.all.map { prompt in
            [
                "name": .string(prompt.name), "title": .string(prompt.title),
                "description": .string(prompt.description),
                "arguments": .array(
                    prompt.arguments.map { argument in
                        [
                            "name": .string(argument.name), "description": .string(argument.description),
                            "required": .bool(argument.required),
                        ]
                    }),
            ]
        }
    }

    func getPrompt(named name: String, arguments: [String: String], context: RequestContext) async throws
        -> [String: JSONValue]
    {
        let prompt = try Self.prompt(named: name)
        let known = Set(prompt.arguments.map(\.name))
        if let unknown = arguments.keys.sorted().first(where: { !known.contains($0) }) {
            throw JSONRPCError.invalidParams(
                "Prompt \(name) has no argument '\(unknown)'. Its arguments: "
                    + (known.isEmpty ? "none" : known.sorted().joined(separator: ", ")) + ".")
        }
        let filled = arguments.filter { !$0.value.isEmpty }
        for argument in prompt.arguments where argument.required && filled[argument.name] == nil {
            throw JSONRPCError.invalidParams("Prompt \(name) needs the argument '\(argument.name)'.")
        }
        if let month = filled["month"], ReportDate(month + "-01") == nil || month.count != 7 {
            throw JSONRPCError.invalidParams("month must be written yyyy-mm, such as 2026-11.")
        }
        for key in ["days", "min_days_overdue"] {
            if let text = filled[key], Int(text).map({ $0 < 0 || $0 > 3660 }) ?? true {
                throw JSONRPCError.invalidParams("\(key) must be a whole number of days, such as 30.")
            }
        }
        return [
            "description": .string(prompt.description),
            "messages": [["role": "user", "content": ["type": "text", "text": .string(prompt.text(filled))]]],
        ]
    }

    var completesArguments: Bool { true }

    func complete(
        prompt name: String, argument: String, value: String, arguments: [String: String], context: RequestContext
    ) async throws -> PromptCompletion {
        let prompt = try Self.prompt(named: name)
        guard let declared = prompt.arguments.first(where: { $0.name == argument }) else {
            throw JSONRPCError.invalidParams("Prompt \(name) has no argument '\(argument)'.")
        }
        let typed = value.lowercased()
        switch declared.source {
        case nil:
            return PromptCompletion(values: [])
        case .days:
            return PromptCompletion(values: ["7", "14", "30", "60", "90"].filter { $0.hasPrefix(typed) })
        case .month:
            let today = ReportDate.today
            let months = (1...12).map { today.startOfMonth(offset: -$0).monthKey }
            return PromptCompletion(values: months.filter { $0.hasPrefix(typed) })
        case .customerName:
            return await names(
                tool: "list_customers", key: "customers", field: "display_name", typed: typed, context: context)
        case .planCode:
            return await names(tool: "list_plans", key: "plans", field: "plan_code", typed: typed, context: context)
        }
    }

    // MARK: - Helpers

    static func prompt(named name: String) throws -> Prompt {
        guard let prompt = all.first(where: { $0.name == name }) else {
            throw JSONRPCError.invalidParams(
                "Unknown prompt '\(name)'. Call prompts/list to see the available prompts.")
        }
        return prompt
    }

    /// Values of `field` from the first pages of a list tool that start with (or else contain) what was typed.
    /// A refused or failed call offers nothing: completion is a convenience and must never fail the client.
    private func names(tool: String, key: String, field: String, typed: String, context: RequestContext) async
        -> PromptCompletion
    {
        var starts: [String] = []
        var contains: [String] = []
        var hasMore = false
        // Two pages of 200 cover most organizations; past that the person types more letters.
        for page in 1...2 {
            let arguments: JSONValue = ["page": .int(page), "per_page": 200]
            guard
                case .outcome(let outcome)? = try? await dispatcher.call(
                    tool, arguments: arguments, context: MCPToolCallContext(context)),
                !outcome.isError, let structured = outcome.structured
            else { break }
            for row in structured[key]?.arrayValue ?? [] {
                guard let text = row[field]?.stringValue, !text.isEmpty else { continue }
                let lowered = text.lowercased()
                if lowered.hasPrefix(typed) {
                    starts.append(text)
                } else if !typed.isEmpty, lowered.contains(typed) {
                    contains.append(text)
                }
            }
            hasMore = structured["page_context"]?["has_more_page"]?.boolValue ?? false
            if !hasMore { break }
        }
        var seen: Set<String> = []
        let values = (starts.sorted() + contains.sorted()).filter { seen.insert($0).inserted }
        return PromptCompletion(values: values, total: values.count, hasMore: hasMore || values.count > 100)
    }
}
