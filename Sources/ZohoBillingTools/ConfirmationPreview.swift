#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import CurlHTTP
package import JSONCore

/// What a destructive call will do, shown before it runs: the action, the request, the record as Zoho has it
/// now (where the tool has something to read), the amounts and email recipients the arguments carry, and a line
/// saying what was checked. It claims nothing it did not read from Zoho or find in the arguments.
package struct ConfirmationPreview: Sendable {
    package var tool: ToolDescriptor
    package var organizationID: String?
    /// `METHOD /path` as it will be sent.
    package var request: String
    package var effect: String
    /// The fields read from Zoho, in display order.
    package var record: [(label: String, value: String)]
    /// Where the record was read from, when it was.
    package var checkedPath: String?
    /// Record ids named in the path.
    package var ids: [(name: String, value: String)]
    /// Amounts found in the arguments, by their path in the arguments.
    package var amounts: [(path: String, value: String)]
    package var recipients: [String]
    /// The other plain arguments (flags, codes, reasons), so nothing the call will send goes unmentioned.
    package var details: [(name: String, value: String)]
    package var copies: [String]
    package var sendsEmail: Bool

    /// Reads what the preview needs from Zoho and assembles it.
    /// - Throws: the Zoho or client error of the read (a record that cannot be read cannot be confirmed).
    static func make(
        tool: ToolDescriptor, arguments: [String: JSONValue], organizationID: String?, client: ZohoClient
    ) async throws -> ConfirmationPreview {
        let spec = PreviewSpec.byTool[tool.name]
        let request = ToolRequestBuilder.build(tool, arguments: arguments)
        var preview = ConfirmationPreview(
            tool: tool, organizationID: organizationID,
            request: tool.path.isEmpty
                ? "computed by this server from several Zoho requests"
                : "\(request.method.rawValue) \(request.path)"
                    + (request.query.isEmpty ? "" : "?" + request.encodedQuery),
            effect: spec?.effect(for: arguments) ?? "\(tool.title.prefix(1).lowercased() + tool.title.dropFirst())",
            record: [], checkedPath: nil,
            ids: tool.parameters.filter { $0.location == .path }.compactMap { mapping in
                arguments[mapping.argument].flatMap(scalarText).map { (mapping.argument, $0) }
            },
            amounts: [], recipients: strings(arguments["to_mail_ids"]), details: [],
            copies: strings(arguments["cc_mail_ids"]), sendsEmail: spec?.sendsEmail ?? false)
        let pathArguments = Set(preview.ids.map(\.name))
        for key in arguments.keys.sorted()
        where !pathArguments.contains(key) && key != "organization_id" && !isAmountKey(key)
            && !key.hasSuffix("mail_ids")
        {
            let value: String
            switch arguments[key] {
            case .bool(let flag): value = flag ? "true" : "false"
            case .some(let other):
                guard let text = scalarText(other) else { continue }
                value = text
            case .none: continue
            }
            preview.details.append((key, value.count > 80 ? String(value.prefix(77)) + "..." : value))
        }
        collectAmounts(.object(arguments), path: "", into: &preview.amounts)
        if let spec, let template = spec.fetchPath, let key = spec.fetchKey,
            let path = fill(template, arguments: arguments)
        {
            let response = try await client.send(
                ZohoRequest(method: .get, path: path, needsOrganization: tool.usesOrganization),
                organizationID: organizationID)
            let record = response.body[key] ?? .null
            preview.checkedPath = path
            for field in spec.fields {
                if let value = lookup(record, field.key).flatMap(scalarText), !value.isEmpty {
                    preview.record.append((field.label, value))
                }
            }
        }
        return preview
    }

    /// The preview for people and models, ending before any instruction on how to confirm.
    package var text: String {
        var lines = ["\(tool.title) (\(tool.name)) needs confirmation. Nothing has been sent to Zoho yet."]
        lines.append("This will \(effect).")
        lines.append("Request: \(request)" + (organizationID.map { " in organization \($0)" } ?? "") + ".")
        if !ids.isEmpty {
            lines.append("Record: " + ids.map { "\($0.name) \($0.value)" }.joined(separator: ", ") + ".")
        }
        if let checkedPath {
            if record.isEmpty {
                lines.append("Read from Zoho just now (GET \(checkedPath)), which showed none of the usual fields.")
            } else {
                lines.append(
                    "As Zoho has it now (GET \(checkedPath)): "
                        + record.map { "\($0.label) \($0.value)" }.joined(separator: ", ") + ".")
            }
        } else {
            lines.append("Nothing was read from Zoho for this preview; it shows the arguments only.")
        }
        if !amounts.isEmpty {
            lines.append(
                "Amounts in the arguments: " + amounts.map { "\($0.path) \($0.value)" }.joined(separator: ", ") + ".")
        }
        if !details.isEmpty {
            lines.append(
                "Other arguments: " + details.map { "\($0.name) \($0.value)" }.joined(separator: ", ") + ".")
        }
        if sendsEmail || !recipients.isEmpty {
            var email = "Email to: " + (recipients.isEmpty ? "(none given)" : recipients.joined(separator: ", "))
            if !copies.isEmpty { email += "; cc: " + copies.joined(separator: ", ") }
            lines.append(email + ".")
        } else {
            lines.append(
                "This call does not ask Zoho to send an email (Zoho may still send notifications the organization "
                    + "has turned on).")
        }
        return lines.joined(separator: "\n")
    }

    /// The preview as structured content, with the token when one was issued.
    package func json(token: String?, expires: String?) -> JSONValue {
        var members: [String: JSONValue] = [
            "status": "confirmation_required", "tool": .string(tool.name), "title": .string(tool.title),
            "request": .string(request), "effect": .string(effect), "sends_email": .bool(sendsEmail),
            "email_to": .array(recipients.map(JSONValue.string)), "email_cc": .array(copies.map(JSONValue.string)),
            "record_ids": .object(
                Dictionary(ids.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })),
            "other_arguments": .object(
                Dictionary(details.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })),
            "amounts": .object(
                Dictionary(amounts.map { ($0.path, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a })),
        ]
        if let organizationID { members["organization_id"] = .string(organizationID) }
        if let checkedPath {
            members["checked"] = .string("GET \(checkedPath)")
            members["record"] = .object(
                Dictionary(record.map { ($0.label, JSONValue.string($0.value)) }, uniquingKeysWith: { a, _ in a }))
        } else {
            members["checked"] = .string("nothing read from Zoho")
        }
        if let token { members["confirmation_token"] = .string(token) }
        if let expires { members["expires_at"] = .string(expires) }
        return .object(members)
    }

    private static let amountKeys: Set<String> = [
        "amount", "rate", "price", "total", "amount_applied", "discount", "shipping_charge", "bank_charges",
    ]

    private static func collectAmounts(
        _ value: JSONValue, path: String, into amounts: inout [(path: String, value: String)]
    ) {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                let member = members[key]!
                let memberPath = path.isEmpty ? key : "\(path).\(key)"
                if isAmountKey(key), let number = member.numberValue {
                    amounts.append((memberPath, number.text))
                } else {
                    collectAmounts(member, path: memberPath, into: &amounts)
                }
            }
        case .array(let items):
            for (index, item) in items.enumerated() { collectAmounts(item, path: "\(path)[\(index)]", into: &amounts) }
        default:
            break
        }
    }

    private static func isAmountKey(_ key: String) -> Bool {
        amountKeys.contains(key) || key.hasSuffix("_amount")
    }

    private static func fill(_ template: String, arguments: [String: JSONValue]) -> String? {
        var path = template
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            let name = String(path[path.index(after: open)..<close])
            guard let value = arguments[name].flatMap(scalarText), !value.isEmpty else { return nil }
            path.replaceSubrange(open...close, with: PercentEncoding.encode(value))
        }
        return path
    }

    private static func lookup(_ value: JSONValue, _ dotted: String) -> JSONValue? {
        var current: JSONValue? = value
        for part in dotted.split(separator: ".") { current = current?[String(part)] }
        return current
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let flag): flag ? "yes" : "no"
        default: nil
        }
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
