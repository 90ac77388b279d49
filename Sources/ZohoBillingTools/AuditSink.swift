/// Receives one record per tool call, whatever its outcome. The dispatcher is the only writer.
package protocol AuditSink: Sendable {
    func record(_ record: AuditRecord)
}
