#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import CurlHTTP
package import JSONCore
package import Logging

/// Runs tools: checks the policy, validates arguments, resolves the organization, guards money-moving writes
/// against repeats, asks for confirmation of destructive ones, calls Zoho (or runs a computed tool), shapes the
/// result, and records the call. Every tool call goes through here, from `serve` and `call` alike, so policy and
/// audit cannot be bypassed.
///
/// A `Sendable` value, so request handlers can capture it; the shared state is the organization cache and the
/// state files of the safety checks.
package struct ToolDispatcher: Sendable {
    package enum CallResult: Sendable {
        /// No tool of that name exists at all (a protocol error for the caller).
        case unknownTool(String)
        case outcome(ToolOutcome)
    }

    package var profile: ProductProfile
    package var catalog: ToolCatalog
    package var selection: ToolSelection
    package var client: ZohoClient
    package var organizations: OrganizationResolver
    package var vocabulary: any ToolSettingVocabulary
    package var audit: any AuditSink
    package var safety: SafetyConfiguration
    package var redactor: SecretRedactor
    package var logger: Logger
    private var computedTools: [String: ComputedTool]
    private var confirmations: ConfirmationStore
    private var duplicates: DuplicateGuard

    package init(
        profile: ProductProfile, selection: ToolSelection, client: ZohoClient, defaultOrganizationID: String?,
        computedTools: [ComputedTool] = [], vocabulary: any ToolSettingVocabulary = NeutralToolSettingVocabulary(),
        audit: any AuditSink = DiscardingAuditSink(), safety: SafetyConfiguration,
        redactor: SecretRedactor = SecretRedactor(), logger: Logger
    ) {
        self.profile = profile
        let computedTools = profile.computedTools + computedTools
        self.catalog = profile.catalog.adding(computedTools.map(\.descriptor))
        self.selection = selection
        self.client = client
        self.organizations = OrganizationResolver(
            configured: defaultOrganizationID, productName: profile.displayName,
            settingName: vocabulary.name(of: .organizationID))
        self.computedTools = Dictionary(computedTools.map { ($0.descriptor.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.vocabulary = vocabulary
        self.audit = audit
        self.safety = safety
        self.redactor = redactor
        self.logger = logger
        self.confirmations = ConfirmationStore(
            directory: safety.stateDirectory, lifetime: safety.confirmationLifetime, now: safety.now)
        self.duplicates = DuplicateGuard(
            directory: safety.stateDirectory, window: safety.duplicateWindow, now: safety.now)
    }

    /// The tools this configuration exposes, in name order.
    package var exposedTools: [ToolDescriptor] { selection.exposedTools(from: catalog) }

    /// Runs one tool. Every failure becomes an outcome with `isError`, except an unknown name (a protocol
    /// error) and a suspension the context asked for.
    /// - Throws: ``ToolCallSuspended`` only, when the context's confirmer suspended the call.
    package func call(_ name: String, arguments: JSONValue?, context: any ToolCallContext)
        async throws(ToolCallSuspended) -> CallResult
    {
        guard let tool = catalog.tool(named: name) else {
            // Still a call an agent made: recorded as refused, though the caller gets a protocol error.
            audit.record(
                AuditRecord(
                    executionID: UUID.random(), started: safety.now(), tool: name, organizationID: nil,
                    access: selection.access, clientName: context.clientName, outcome: .refused, httpStatus: nil,
                    zohoCode: nil, duration: .zero, arguments: arguments ?? .object([:]), note: "no such tool"))
            return .unknownTool(name)
        }
        var record = AuditRecord(
            executionID: UUID.random(), started: safety.now(), tool: name, organizationID: nil,
            access: selection.access,
            clientName: context.clientName, outcome: .ok, httpStatus: nil, zohoCode: nil, duration: .zero,
            arguments: arguments ?? .object([:]))
        let clock = ContinuousClock()
        let started = clock.now
        var outcome: ToolOutcome
        let tally = RequestTally()
        do {
            outcome = try await RequestTally.$current.withValue(tally) {
                try await run(tool, arguments: arguments, context: context, record: &record)
            }
        } catch let suspended as ToolCallSuspended {
            // The client will ask the person and send the call again; this round only asked.
            record.outcome = .preview
            record.note = "asked the person through the client"
            record.duration = clock.now - started
            audit.record(record)
            throw suspended
        } catch is CancellationError {
            record.outcome = record.outcome == .unknownOutcome ? .unknownOutcome : .cancelled
            outcome = .failure("The call to \(name) was cancelled.")
        } catch {
            if record.outcome != .unknownOutcome { record.outcome = .error }
            if let zohoError = error as? ZohoAPIError {
                record.httpStatus = zohoError.status
                record.zohoCode = zohoError.code
            }
            logger.debug("Tool failed", metadata: ["tool": "\(name)", "error": "\(redactor.redact("\(error)"))"])
            outcome = .failure("\(name) failed. \(error)")
        }
        record.duration = clock.now - started
        audit.record(record)
        outcome = redactor.redact(outcome)
        outcome.executionID = record.executionID.uuidString.lowercased()
        outcome.meta[ToolOutcome.zohoRequestsKey] = .int(tally.total)
        return .outcome(outcome)
    }

    private func run(
        _ tool: ToolDescriptor, arguments: JSONValue?, context: any ToolCallContext, record: inout AuditRecord
    ) async throws -> ToolOutcome {
        if let refusal = selection.refusal(for: tool) {
            record.outcome = .refused
            record.note = "not exposed by this configuration"
            return .failure(refusal.message(using: vocabulary))
        }
        let given: [String: JSONValue]
        switch arguments ?? .object([:]) {
        case .object(let members): given = members
        case .null: given = [:]
        default:
            record.outcome = .error
            return .failure("Invalid arguments for \(tool.name): arguments must be a JSON object.")
        }
        let problems =
            tool.validator.validate(.object(given)).map(\.message)
            + ToolRequestBuilder.unsafePathArguments(tool, arguments: given)
        if !problems.isEmpty {
            record.outcome = .error
            let hints = LookupHint.hints(for: tool, arguments: given, exposed: exposedTools)
            return .failure(ToolArgumentError(toolName: tool.name, problems: problems + hints).description)
        }
        let token = given[SafetyArguments.confirmationToken]?.stringValue
        let allowDuplicate = given[SafetyArguments.allowDuplicate]?.boolValue ?? false
        let argumentObject = SafetyArguments.stripped(given)
        if tool.access != .read, let problem = audit.writeProblem() {
            // A change nobody can account for later is worse than a change not made: refuse until it can be
            // recorded (or the log is switched off on purpose).
            record.outcome = .refused
            record.note = "audit log not writable"
            return .failure(
                "\(tool.name) was not run because \(problem). Calls that change data are refused while their "
                    + "record cannot be kept; fix the file's permissions or ask the user to choose another path.")
        }
        var organizationID: String? = nil
        if tool.usesOrganization {
            organizationID = try await organizations.resolve(
                explicit: argumentObject["organization_id"]?.stringValue, client: client)
            record.organizationID = organizationID
        }
        let computed = computedTools[tool.name]
        let binding = CallBinding(tool: tool.name, organizationID: organizationID, arguments: argumentObject)
        // A deliberate repeat skips the check but is still remembered, so that its own retry is caught. Computed
        // tools make their own requests, so only mapped writes are watched.
        let watched = computed == nil && safety.guardedTools.contains(tool.name)
        if watched, !allowDuplicate, let earlier = try duplicates.earlier(binding) {
            return refuseDuplicate(tool, earlier: earlier, record: &record)
        }
        var confirmed = false
        if tool.access == .destructive && safety.confirmation {
            if let token {
                if let rejection = try confirmations.redeem(token, for: binding) {
                    record.outcome = .refused
                    record.note = "confirmation token refused"
                    return .failure(rejectionMessage(rejection, tool: tool))
                }
                confirmed = true
            } else {
                let preview = try await ConfirmationPreview.make(
                    tool: tool, arguments: argumentObject, organizationID: organizationID, client: client)
                let answer = try await context.confirmer.confirm(
                    ConfirmationQuestion(key: "confirm", message: preview.text + "\nGo ahead?"))
                switch answer {
                case .confirmed:
                    confirmed = true
                case .declined, .cancelled:
                    let how = answer == .declined ? "declined" : "cancelled the question"
                    record.outcome = .declined
                    record.note = "the person \(how)"
                    return ToolOutcome(
                        text: "The person \(how), so \(tool.name) was not run and nothing was sent to Zoho.",
                        structured: ["status": "declined", "tool": .string(tool.name)])
                case .unavailable:
                    return try issuePreview(preview, binding: binding, record: &record)
                }
            }
        }
        // Confirmation comes first even for computed tools, so that a destructive one added later cannot skip it.
        if let computed {
            let environment = ComputedToolEnvironment(client: client, organizationID: organizationID, context: context)
            let outcome = try await computed.body(argumentObject, environment)
            record.outcome = outcome.isError ? .error : confirmed ? .confirmed : .ok
            return outcome
        }
        return try await execute(
            tool, arguments: argumentObject, organizationID: organizationID, binding: watched ? binding : nil,
            checkingDuplicates: !allowDuplicate, confirmed: confirmed, record: &record)
    }

    private func execute(
        _ tool: ToolDescriptor, arguments: [String: JSONValue], organizationID: String?, binding: CallBinding?,
        checkingDuplicates: Bool, confirmed: Bool, record: inout AuditRecord
    ) async throws -> ToolOutcome {
        let executionID = record.executionID.uuidString.lowercased()
        if let binding,
            let earlier = try duplicates.reserve(binding, executionID: executionID, checking: checkingDuplicates)
        {
            return refuseDuplicate(tool, earlier: earlier, record: &record)
        }
        let tracking = TrackingTransport(base: client.transport)
        var trackedClient = client
        trackedClient.transport = tracking
        var request = ToolRequestBuilder.build(tool, arguments: arguments)
        if tool.method == .get, !tool.isList, let key = tool.responseKey {
            // Zoho's text carries the result; only the summary line's fields are worth building.
            request.summaryFields = MemberFieldSelection(member: key, fields: ResultShaper.summaryFields(key: key))
        }
        let response: ZohoResponse
        do {
            response = try await trackedClient.send(request, organizationID: organizationID)
        } catch {
            if tracking.outcomeUnknown {
                record.outcome = .unknownOutcome
                record.note = "the connection failed after the request was sent"
            }
            if binding != nil {
                try? duplicates.settle(
                    executionID: executionID, state: tracking.outcomeUnknown ? .unknown : nil, resultID: nil)
            }
            throw error
        }
        record.httpStatus = response.status
        record.zohoCode = 0
        record.outcome = confirmed ? .confirmed : .ok
        let outcome = ResultShaper.outcome(
            for: tool, body: response.body, verbatim: response.verbatim, arguments: arguments,
            partial: request.summaryFields != nil)
        if tool.method != .get { record.resultID = ToolDispatcher.resultID(of: tool, in: outcome.structured) }
        if binding != nil {
            do {
                try duplicates.settle(executionID: executionID, state: .succeeded, resultID: record.resultID)
            } catch {
                logger.error("Could not record the write for the duplicate guard", metadata: ["reason": "\(error)"])
            }
        }
        return outcome
    }

    private func issuePreview(_ preview: ConfirmationPreview, binding: CallBinding, record: inout AuditRecord) throws
        -> ToolOutcome
    {
        let (token, expires) = try confirmations.issue(for: binding)
        let expiry = AuditRecord.timestamp(expires)
        record.outcome = .preview
        let minutes = Int((safety.confirmationLifetime / 60).rounded())
        let text =
            preview.text + "\n"
            + "To go ahead, show this to the user and, once they agree, call \(preview.tool.name) again with exactly "
            + "the same arguments plus \"confirmation_token\": \"\(token)\". The token works once, for these "
            + "arguments only, until \(expiry) (\(minutes) minutes)."
        var structured = preview.json(token: token, expires: expiry).objectValue ?? [:]
        structured["next_step"] = .string(
            "Once the user agrees, call \(preview.tool.name) again with the same arguments plus confirmation_token.")
        return ToolOutcome(text: text, structured: .object(structured))
    }

    private func refuseDuplicate(_ tool: ToolDescriptor, earlier: DuplicateGuard.Earlier, record: inout AuditRecord)
        -> ToolOutcome
    {
        record.outcome = .duplicate
        record.note = "identical to \(earlier.executionID) (\(earlier.state.rawValue))"
        let ago = max(0, Int(safety.now().timeIntervalSince(earlier.time).rounded()))
        let when = ago < 90 ? "\(ago) seconds ago" : "\(ago / 60) minutes ago"
        var text: String
        switch earlier.state {
        case .succeeded:
            let names = [earlier.resultID.map { "result id \($0)" }, "execution id \(earlier.executionID)"]
            text =
                "Refused: an identical \(tool.name) call succeeded \(when) in the same organization ("
                + names.compactMap { $0 }.joined(separator: ", ")
                + "). Nothing was sent to Zoho. Repeating it would do the same thing twice. If the user really wants a second one, call "
                + "\(tool.name) again with \"allow_duplicate\": true."
        case .unknown, .inFlight:
            let what =
                earlier.state == .unknown
                ? "lost its connection after sending, so it may or may not have been applied"
                : "was sent and has not reported back (it may still be running, or its process ended)"
            text =
                "Refused: an identical \(tool.name) call \(when) (execution id \(earlier.executionID)) \(what). "
                + "Nothing was sent to Zoho. Check first whether it took effect (list or get the records it would "
                + "have created or changed); only if it did not, call \(tool.name) again with \"allow_duplicate\": "
                + "true."
        }
        return ToolOutcome(
            text: text,
            structured: [
                "status": "duplicate", "tool": .string(tool.name), "earlier_execution_id": .string(earlier.executionID),
                "earlier_state": .string(earlier.state.rawValue),
                "earlier_result_id": earlier.resultID.map(JSONValue.string) ?? .null,
            ], isError: true)
    }

    private func rejectionMessage(_ rejection: ConfirmationStore.Rejection, tool: ToolDescriptor) -> String {
        let again = "Nothing was sent to Zoho. Call \(tool.name) without confirmation_token to get a new preview."
        switch rejection {
        case .unknown:
            return "The confirmation token is not one this server issued (or it is older than a day). \(again)"
        case .used(let time):
            return "The confirmation token was already used at \(AuditRecord.timestamp(time)); each token works "
                + "once. \(again)"
        case .expired(let time):
            return "The confirmation token expired at \(AuditRecord.timestamp(time)). \(again)"
        case .otherTool(let other):
            return "The confirmation token was issued for \(other), not \(tool.name). \(again)"
        case .changedArguments:
            return "The confirmation token was issued for different arguments or another organization; it only "
                + "confirms the exact call that was previewed. \(again)"
        }
    }

    /// The id of the record a write created or changed: `<key>_id` inside the response key's object.
    static func resultID(of tool: ToolDescriptor, in structured: JSONValue?) -> String? {
        guard let key = tool.responseKey, let object = structured?[key] else { return nil }
        switch object["\(key)_id"] {
        case .string(let text): return text
        case .number(let number): return number.text
        default: return nil
        }
    }
}
