import CurlHTTP
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONCore

/// `zoho_api_usage`: the Zoho requests this machine's processes made this minute and today, per organization,
/// beside the configured limits and any daily-cap refusal. It reads the shared usage file and sends nothing to
/// Zoho. It sits in the always-on `organizations` toolset, because an agent that meets Zoho's limits needs it
/// whatever tools are switched on.
package enum APIUsageTool {
    package static let tool = ComputedTool(descriptor: descriptor) { _, environment in
        guard let usage = environment.client.usage else {
            return .failure("This server was started without usage counting, so there are no figures to show.")
        }
        return outcome(usage.snapshot(), meter: usage)
    }

    /// No output schema: the result is small and plain, and a schema would nearly double what the tool costs in
    /// every conversation's tool list.
    static let descriptor = ToolDescriptor(
        name: "zoho_api_usage", title: "Zoho API usage",
        description:
            "Zoho requests made from this machine this minute and today (UTC) per organization, with the limits and "
            + "any daily-cap stop.",
        toolset: "organizations", access: .read, method: .get, path: "", usesOrganization: false, isList: false,
        responseKey: nil,
        annotations: ToolAnnotations(readOnly: true, destructive: false, idempotent: true, openWorld: false),
        parameters: [], inputSchemaJSON: #"{"type":"object","additionalProperties":false,"properties":{}}"#)

    /// The result: one summary line of text, and the figures as structured content.
    package static func outcome(_ snapshot: APIUsageMeter.Snapshot, meter: APIUsageMeter) -> ToolOutcome {
        let limits = meter.configuredLimits
        let organizations: [JSONValue] = snapshot.organizations.map { organization in
            [
                "organization_id": organization.organizationID.isEmpty ? .null : .string(organization.organizationID),
                "this_minute": .int(organization.thisMinute), "today": .int(organization.today),
                "daily_cap_until": organization.dailyCapUntil.map { .string(timestamp($0)) } ?? .null,
            ]
        }
        let structured: JSONValue = [
            "summary": .string(summary(snapshot, meter: meter)),
            "as_of": .string(timestamp(snapshot.taken)),
            "organizations": .array(organizations),
            "per_minute_limit": limits.requestsPerMinute.map { .int($0) } ?? .null,
            "in_flight_limit": limits.maximumConcurrent.map { .int($0) } ?? .null,
            "limits_enforced": .bool(meter.limitsEnforced && limits != .off),
            "daily_cap_in_force": .bool(snapshot.organizations.contains { $0.dailyCapUntil != nil }),
        ]
        return ToolOutcome(text: summary(snapshot, meter: meter), structured: structured)
    }

    /// One line: each organization's counts, the limits, and any refusal in force.
    package static func summary(_ snapshot: APIUsageMeter.Snapshot, meter: APIUsageMeter) -> String {
        let limits = meter.configuredLimits
        let perMinute = limits.requestsPerMinute.map { "\($0)/min" } ?? "no per-minute limit"
        let inFlight = limits.maximumConcurrent.map { "\($0) in flight" } ?? "no in-flight cap"
        var limitText = "limits \(perMinute), \(inFlight) per organization"
        if !meter.limitsEnforced { limitText += " (not enforced in the sandbox)" }
        guard !snapshot.organizations.isEmpty else {
            return "No Zoho requests from this machine today (UTC); \(limitText)."
        }
        let counts = snapshot.organizations.map { organization in
            let name = organization.organizationID.isEmpty ? "no organization" : organization.organizationID
            var text = "\(name): \(organization.thisMinute) this minute, \(organization.today) today"
            if let until = organization.dailyCapUntil {
                text += ", daily cap hit: refused until \(timestamp(until))"
            }
            return text
        }
        return "Zoho requests from this machine (UTC day): " + counts.joined(separator: "; ") + "; \(limitText)."
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
