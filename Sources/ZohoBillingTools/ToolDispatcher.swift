#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import CurlHTTP
package import JSONCore
package import Logging

/// Runs tools: checks the policy, validates arguments, resolves the organization, calls Zoho (or runs a computed
/// tool), shapes the result, and records the call. Every tool call goes through here, from `serve` and `call`
/// alike, so policy and audit cannot be bypassed.
///
/// A `Sendable` value, so request handlers can capture it; the only shared state is the organization cache.
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
    package var logger: Logger
    private var computedTools: [String: ComputedTool]

    package init(
        profile: ProductProfile, selection: ToolSelection, client: ZohoClient, defaultOrganizationID: String?,
        computedTools: [ComputedTool] = [], vocabulary: any ToolSettingVocabulary = NeutralToolSettingVocabulary(),
        audit: any AuditSink = DiscardingAuditSink(), logger: Logger
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
        self.logger = logger
    }

    /// The tools this configuration exposes, in name order.
    package var exposedTools: [ToolDescriptor] { selection.exposedTools(from: catalog) }

    /// Runs one tool. Every failure becomes an outcome with `isError`, except an unknown name (a protocol
    /// error) and a suspension the context asked for.
    /// - Throws: ``ToolCallSuspended`` only, when the context's confirmer suspended the call.
    package func call(_ name: String, arguments: JSONValue?, context: any ToolCallContext)
        async throws(ToolCallSuspended) -> CallResult
    {
        guard let tool = catalog.tool(named: name) else { return .unknownTool(name) }
        var record = AuditRecord(
            executionID: UUID(), started: Date(), tool: name, organizationID: nil, access: selection.access,
            clientName: context.clientName, outcome: .ok, httpStatus: nil, zohoCode: nil, duration: .zero,
            arguments: arguments ?? .object([:]))
        let clock = ContinuousClock()
        let started = clock.now
        let outcome: ToolOutcome
        do {
            outcome = try await run(tool, arguments: arguments, context: context, record: &record)
        } catch let suspended as ToolCallSuspended {
            throw suspended
        } catch is CancellationError {
            record.outcome = .cancelled
            outcome = .failure("The call to \(name) was cancelled.")
        } catch {
            record.outcome = .error
            if let zohoError = error as? ZohoAPIError {
                record.httpStatus = zohoError.status
                record.zohoCode = zohoError.code
            }
            logger.debug("Tool failed", metadata: ["tool": "\(name)", "error": "\(error)"])
            outcome = .failure("\(name) failed. \(error)")
        }
        record.duration = clock.now - started
        audit.record(record)
        return .outcome(outcome)
    }

    private func run(
        _ tool: ToolDescriptor, arguments: JSONValue?, context: any ToolCallContext, record: inout AuditRecord
    ) async throws -> ToolOutcome {
        if let refusal = selection.refusal(for: tool) {
            record.outcome = .refused
            return .failure(refusal.message(using: vocabulary))
        }
        let argumentObject: [String: JSONValue]
        switch arguments ?? .object([:]) {
        case .object(let members): argumentObject = members
        case .null: argumentObject = [:]
        default:
            record.outcome = .error
            return .failure("Invalid arguments for \(tool.name): arguments must be a JSON object.")
        }
        let problems =
            tool.validator.validate(.object(argumentObject)).map(\.message)
            + ToolRequestBuilder.unsafePathArguments(tool, arguments: argumentObject)
        if !problems.isEmpty {
            record.outcome = .error
            return .failure(ToolArgumentError(toolName: tool.name, problems: problems).description)
        }
        var organizationID: String? = nil
        if tool.usesOrganization {
            organizationID = try await organizations.resolve(
                explicit: argumentObject["organization_id"]?.stringValue, client: client)
            record.organizationID = organizationID
        }
        if let computed = computedTools[tool.name] {
            let environment = ComputedToolEnvironment(client: client, organizationID: organizationID, context: context)
            let outcome = try await computed.body(argumentObject, environment)
            if outcome.isError { record.outcome = .error }
            return outcome
        }
        let request = ToolRequestBuilder.build(tool, arguments: argumentObject)
        let response = try await client.send(request, organizationID: organizationID)
        record.httpStatus = response.status
        record.zohoCode = 0
        return ResultShaper.outcome(for: tool, body: response.body, arguments: argumentObject)
    }
}
