import CurlHTTP
import JSONCore

/// The computed reports: Billing has no report endpoints, so each one reads list endpoints through
/// ``PageReader`` and works out its answer here. All are read-only and live in the `reports` toolset.
package enum ReportTools {
    package static let toolset = ToolsetInfo(name: "reports", title: "Reports")

    package static let all: [ComputedTool] = [
        ARAgingReport.tool, MRRReport.tool, ChurnReport.tool, DunningReport.tool, RenewalsReport.tool,
        CustomerBalancesReport.tool, PaymentsReport.tool,
    ]

    /// A report's descriptor. `properties` are its own arguments, to which `organization_id` is added; `output`
    /// names the result's top-level members and their JSON types, all of which every result carries.
    static func descriptor(
        name: String, title: String, description: String, properties: String, output: KeyValuePairs<String, String>
    ) -> ToolDescriptor {
        let organization: JSONValue = ["type": "string", "pattern": "^[0-9]+$"]
        var input = (try? JSONParser.parse("{" + properties + "}").objectValue) ?? [:]
        input["organization_id"] = organization
        let inputSchema: JSONValue = ["type": "object", "additionalProperties": false, "properties": .object(input)]
        var descriptor = ToolDescriptor(
            name: name, title: title, description: description, toolset: toolset.name, access: .read, method: .get,
            path: "", usesOrganization: true, isList: false, responseKey: nil,
            annotations: ToolAnnotations(readOnly: true, destructive: false, idempotent: true, openWorld: true),
            parameters: [], inputSchemaJSON: inputSchema.serialized())
        // Kept to the top-level members and their types: the shape of each row is in the result itself, and every
        // byte of a schema is paid for in the client's context by each conversation. Every result carries every
        // member (ReportTests checks the results against these schemas).
        var members: [String: JSONValue] = ["definitions": ["type": "array"], "data": ["type": "object"]]
        for (key, type) in output {
            members[key] = ["type": .string(type)]
        }
        descriptor.outputSchema = ["type": "object", "properties": .object(members)]
        return descriptor
    }

    /// The `as_of` argument shared by reports that look at one day.
    static let asOfProperty =
        #""as_of":{"type":"string","format":"date","description":"Default today (UTC)"}"#

    /// The `from` and `to` arguments of reports over a period.
    static let periodProperties =
        #""from":{"type":"string","format":"date","description":"Default the 1st of to's month"},"#
        + #""to":{"type":"string","format":"date","description":"Last day; default today (UTC)"}"#

    /// A date argument, or `fallback` when it is absent.
    /// - Throws: ``ReportArgumentError`` when the text is not a real `yyyy-mm-dd` date.
    static func date(_ arguments: [String: JSONValue], _ name: String, default fallback: ReportDate)
        throws(ReportArgumentError) -> ReportDate
    {
        guard let text = arguments[name]?.stringValue else { return fallback }
        guard let date = ReportDate(text), text.count == 10 else {
            throw ReportArgumentError("\(name) must be a date written yyyy-mm-dd, such as 2026-11-30.")
        }
        return date
    }

    /// A report body whose argument errors become tool errors naming the report, like schema violations do.
    static func checkingArguments(_ body: @escaping ComputedTool.Body) -> ComputedTool.Body {
        { arguments, environment in
            do {
                return try await body(arguments, environment)
            } catch let error as ReportArgumentError {
                return .failure("Invalid arguments: \(error)")
            }
        }
    }

    /// Text for a count with its noun.
    static func count(_ value: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(value) \(value == 1 ? noun : plural ?? noun + "s")"
    }
}

/// A group of amounts in one currency: a customer's, a plan's, a product's.
struct CurrencyGroup: Hashable {
    var id: String
    var currency: String
}

/// A report argument that does not make sense; its message says what to pass instead.
struct ReportArgumentError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
