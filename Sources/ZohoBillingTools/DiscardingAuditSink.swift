/// Keeps nothing; the default until an audit log is configured.
package struct DiscardingAuditSink: AuditSink {
    package init() {}

    package func record(_ record: AuditRecord) {}
}
