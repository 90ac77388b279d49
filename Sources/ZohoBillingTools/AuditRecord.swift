#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif
package import JSONCore

/// One tool call as the audit log keeps it.
package struct AuditRecord: Sendable, Hashable {
    package var executionID: UUID
    package var started: Date
    package var tool: String
    package var organizationID: String?
    package var access: AccessLevel
    package var clientName: String?
    package var outcome: AuditOutcome
    /// Zoho's HTTP status and code, where the call reached Zoho.
    package var httpStatus: Int?
    package var zohoCode: Int?
    package var duration: Duration
    /// The arguments as the caller sent them; redaction is the sink's job.
    package var arguments: JSONValue
    /// Why a call was refused, declined or flagged, in a few words.
    package var note: String?
    /// The id of the record a successful write created or changed, when Zoho's answer names one.
    package var resultID: String?

    package init(
        executionID: UUID, started: Date, tool: String, organizationID: String?, access: AccessLevel,
        clientName: String?, outcome: AuditOutcome, httpStatus: Int?, zohoCode: Int?, duration: Duration,
        arguments: JSONValue, note: String? = nil, resultID: String? = nil
    ) {
        self.executionID = executionID
        self.started = started
        self.tool = tool
        self.organizationID = organizationID
        self.access = access
        self.clientName = clientName
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.zohoCode = zohoCode
        self.duration = duration
        self.arguments = arguments
        self.note = note
        self.resultID = resultID
    }
}
