import JSONCore
import MCPServer
import ZohoBillingTools

/// A tool call's view of an MCP request: progress, the client's name, and questions through elicitation.
struct MCPToolCallContext: ToolCallContext, Confirmer {
    let request: RequestContext

    init(_ request: RequestContext) {
        self.request = request
    }

    var confirmer: any Confirmer { self }
    var clientName: String? { request.clientName }

    func reportProgress(_ completed: Double, total: Double?, message: String?) {
        request.reportProgress(completed, total: total, message: message)
    }

    func confirm(_ question: ConfirmationQuestion) async throws -> ConfirmationAnswer {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "confirm": ["type": "boolean", "title": "Confirm", "description": "Check to go ahead."]
            ],
            "required": ["confirm"],
        ]
        let answer: ElicitationAnswer
        do {
            answer = try await request.elicit(
                ElicitationRequest(key: question.key, message: question.message, requestedSchema: schema))
        } catch let required as InputRequired {
            throw ToolCallSuspended(required)
        }
        switch answer {
        case .accepted(let content): return content["confirm"] == .bool(true) ? .confirmed : .declined
        case .declined: return .declined
        case .cancelled: return .cancelled
        case .unavailable(let reason): return .unavailable(reason)
        }
    }
}
