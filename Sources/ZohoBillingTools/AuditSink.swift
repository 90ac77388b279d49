/// Receives one record per tool call, whatever its outcome. The dispatcher is the only writer.
package protocol AuditSink: Sendable {
    func record(_ record: AuditRecord)

    /// Why a record could not be written now, or nil when it can; asked before a call that changes data.
    func writeProblem() -> String?
}

extension AuditSink {
    package func writeProblem() -> String? { nil }
}
