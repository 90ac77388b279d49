import JSONCore

/// One line of `doctor`'s report: what was checked, how it went, and for a failure the fix.
struct DoctorCheck: Sendable {
    enum Outcome: String, Sendable {
        case ok
        case warning
        case failed
        case skipped

        /// The fixed-width tag at the start of the line.
        var tag: String {
            switch self {
            case .ok: "[ok]  "
            case .warning: "[warn]"
            case .failed: "[FAIL]"
            case .skipped: "[skip]"
            }
        }
    }

    var name: String
    var outcome: Outcome
    var detail: String
    var fix: String?

    static func ok(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .ok, detail: detail)
    }

    static func failed(_ name: String, _ detail: String, fix: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .failed, detail: detail, fix: fix)
    }

    static func warning(_ name: String, _ detail: String, fix: String? = nil) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .warning, detail: detail, fix: fix)
    }

    static func skipped(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .skipped, detail: detail)
    }

    /// The check as one line, plus an indented fix line when there is one.
    var line: String {
        var text = "\(outcome.tag) \(name): \(detail)"
        if let fix { text += "\n       fix: \(fix)" }
        return text
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name), "status": .string(outcome.rawValue), "detail": .string(detail),
        ]
        object["fix"] = fix.map(JSONValue.string) ?? .null
        return .object(object)
    }
}
