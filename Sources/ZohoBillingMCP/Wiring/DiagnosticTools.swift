import CurlHTTP
import JSONCore
import ZohoBillingTools

/// Tools that exist to test the protocol layer end to end through the built binary: progress, cancellation,
/// questions to the person, and results large enough to span many pipe buffers. They are read-only, touch no
/// data, and are listed only when the hidden `--diagnostic-tools` flag or `ZOHO_MCP_DIAGNOSTIC_TOOLS=1` is set.
enum DiagnosticTools {
    static let toolset = ToolsetInfo(name: "diagnostics", title: "Diagnostics")

    static let all: [ComputedTool] = [progress, confirm, payload]

    static func descriptor(name: String, title: String, description: String, schema: String) -> ToolDescriptor {
        ToolDescriptor(
            name: name, title: title, description: description, toolset: toolset.name, access: .read, method: .get,
            path: "", usesOrganization: false, isList: false, responseKey: nil,
            annotations: ToolAnnotations(readOnly: true, destructive: false, idempotent: true, openWorld: false),
            parameters: [], inputSchemaJSON: schema)
    }

    /// Counts through steps, reporting progress after each and stopping when cancelled.
    static let progress = ComputedTool(
        descriptor: descriptor(
            name: "diagnostic_progress", title: "Diagnostic: progress",
            description: "Test tool: waits delay_ms per step and reports progress after each step.",
            schema: #"""
                {"type":"object","additionalProperties":false,"properties":{
                "steps":{"type":"integer","minimum":1,"maximum":1000,"default":5},
                "delay_ms":{"type":"integer","minimum":0,"maximum":10000,"default":50}}}
                """#)
    ) { arguments, environment in
        let steps = arguments["steps"]?.numberValue?.intValue ?? 5
        let delay = arguments["delay_ms"]?.numberValue?.intValue ?? 50
        for step in 1...steps {
            try await Task.sleep(for: .milliseconds(delay))
            environment.context.reportProgress(
                Double(step), total: Double(steps), message: "step \(step) of \(steps)")
        }
        return ToolOutcome(text: "Completed \(steps) steps.", structured: ["steps": .int(steps)])
    }

    /// Asks the person a yes/no question and reports the answer.
    static let confirm = ComputedTool(
        descriptor: descriptor(
            name: "diagnostic_confirm", title: "Diagnostic: confirm",
            description: "Test tool: asks the person to confirm `question` and reports the answer.",
            schema: #"""
                {"type":"object","additionalProperties":false,"required":["question"],
                "properties":{"question":{"type":"string","minLength":1}}}
                """#)
    ) { arguments, environment in
        let question = arguments["question"]?.stringValue ?? ""
        let answer = try await environment.context.confirmer.confirm(ConfirmationQuestion(message: question))
        let (name, confirmed): (String, Bool) =
            switch answer {
            case .confirmed: ("accept", true)
            case .declined: ("decline", false)
            case .cancelled: ("cancel", false)
            case .unavailable: ("unavailable", false)
            }
        return ToolOutcome(
            text: "The answer was \(name).", structured: ["answer": .string(name), "confirmed": .bool(confirmed)])
    }

    /// Returns a result of the requested size.
    static let payload = ComputedTool(
        descriptor: descriptor(
            name: "diagnostic_payload", title: "Diagnostic: payload",
            description: "Test tool: returns a result of about `kilobytes` KiB.",
            schema: #"""
                {"type":"object","additionalProperties":false,"required":["kilobytes"],
                "properties":{"kilobytes":{"type":"integer","minimum":1,"maximum":8192}}}
                """#)
    ) { arguments, _ in
        let kilobytes = arguments["kilobytes"]?.numberValue?.intValue ?? 1
        // Quotes and line breaks in the text exercise escaping, which a raw line break would break.
        let unit = "payload \"line\"\n"
        let text = String(repeating: unit, count: kilobytes * 1024 / unit.utf8.count + 1)
        return ToolOutcome(
            text: "Payload of \(kilobytes) KiB.", structured: ["kilobytes": .int(kilobytes), "data": .string(text)])
    }
}
