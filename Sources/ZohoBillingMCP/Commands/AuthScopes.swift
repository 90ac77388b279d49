import ArgumentParser
import JSONCore
import ZohoBillingTools

extension ZohoBillingMCP.Auth {
    /// Lists the OAuth scopes the enabled tools need.
    struct Scopes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the Zoho OAuth scopes the enabled tools need.",
            discussion: "`auth login` asks for exactly these unless --scopes says otherwise.")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "List each tool with the scope it needs.")
        var perTool = false

        @Flag(help: "Print the scopes as JSON.")
        var json = false

        func run() async throws {
            let settings = try options.settings()
            let tools = settings.selection.exposedTools(from: settings.catalog)
            let scopes = ToolScopes.scopes(for: tools, profile: settings.profile)
            if json {
                var object: [String: JSONValue] = ["scopes": .array(scopes.map { .string($0) })]
                if perTool {
                    object["tools"] = .object(
                        Dictionary(
                            uniqueKeysWithValues: tools.map {
                                (
                                    $0.name,
                                    ToolScopes.scope(for: $0, profile: settings.profile).map(JSONValue.string) ?? .null
                                )
                            }))
                }
                print(JSONValue.object(object).serialized(.pretty))
                return
            }
            if perTool {
                let width = tools.map(\.name.count).max() ?? 0
                for tool in tools {
                    let padding = String(repeating: " ", count: width - tool.name.count)
                    let scope = ToolScopes.scope(for: tool, profile: settings.profile) ?? "(none: computed locally)"
                    print("\(tool.name)\(padding)  \(scope)")
                }
                print("")
            }
            print(
                "The \(tools.count) tools enabled at access level \(settings.selection.access.settingName) need "
                    + "\(scopes.count) scopes:")
            for scope in scopes { print("  \(scope)") }
            print("Comma-separated, for a Self Client's Generate Code tab:")
            print(scopes.joined(separator: ","))
        }
    }
}
