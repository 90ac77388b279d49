import PlatformSupport
package import JSONCore

/// What identifies a call for confirmation and duplicate checks: the tool, the organization and the exact
/// arguments (without the safety arguments), reduced to a digest so state files never hold the arguments.
package struct CallBinding: Sendable, Hashable {
    package var tool: String
    package var organizationID: String
    package var digest: String

    package init(tool: String, organizationID: String?, arguments: [String: JSONValue]) {
        self.tool = tool
        self.organizationID = organizationID ?? ""
        // Keys are sorted when serialized and numbers keep their digits, so equal arguments give equal text.
        let canonical = JSONValue.object(SafetyArguments.stripped(arguments)).serialized()
        self.digest = SHA256.hex(tool + "\n" + self.organizationID + "\n" + canonical)
    }
}
