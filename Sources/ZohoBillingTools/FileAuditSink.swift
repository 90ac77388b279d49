package import AuditLog
package import Logging
import JSONCore

/// Appends each record as one JSON line to the audit log file (see ``AuditLogFile``), with arguments redacted.
///
/// A line that cannot be written is reported on stderr through the logger and the call goes on; calls that
/// change data ask ``writeProblem()`` first and are refused while the log cannot be written (see the dispatcher).
package struct FileAuditSink: AuditSink {
    package var file: AuditLogFile
    package var redactor: SecretRedactor
    package var logger: Logger

    package init(file: AuditLogFile, redactor: SecretRedactor, logger: Logger) {
        self.file = file
        self.redactor = redactor
        self.logger = logger
    }

    package func record(_ record: AuditRecord) {
        let line = record.json(redactor: redactor).serialized()
        do {
            try file.append(line)
        } catch {
            logger.error(
                "Could not write the audit log",
                metadata: ["path": "\(file.path)", "reason": "\(error.reason)", "tool": "\(record.tool)"])
        }
    }

    package func writeProblem() -> String? {
        do {
            try file.checkWritable()
            return nil
        } catch {
            return "the audit log \(file.path) cannot be written (\(error.reason))"
        }
    }
}
