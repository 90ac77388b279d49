import Foundation
import PackagePlugin

/// Runs `ZohoToolGen` over every schema file of the target and hands the generated catalog to the compiler.
///
/// The plugin only finds inputs and declares outputs; parsing and validation live in the generator, so that a
/// malformed schema is reported with its file and line by the tool the build runs.
@main
struct ZohoToolGenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let sourceTarget = target as? SourceModuleTarget else {
            throw ZohoToolGenPluginError.notASourceTarget(target.name)
        }
        let schemas = sourceTarget.sourceFiles(withSuffix: "json")
            .map(\.url)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard schemas.contains(where: { $0.lastPathComponent == "meta-schema.json" }) else {
            throw ZohoToolGenPluginError.missingMetaSchema(sourceTarget.name)
        }
        let toolSchemas = schemas.filter { $0.lastPathComponent != "meta-schema.json" }
        let outputDirectory = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let output = outputDirectory.appending(path: "ToolCatalog+Generated.swift")
        var arguments = ["--output", output.path(), "--meta-schema"]
        arguments += schemas.filter { $0.lastPathComponent == "meta-schema.json" }.map { $0.path() }
        arguments += toolSchemas.map { $0.path() }
        return [
            .buildCommand(
                displayName: "Generating MCP tools from \(toolSchemas.count) schema(s)",
                executable: try context.tool(named: "ZohoToolGen").url,
                arguments: arguments,
                inputFiles: schemas,
                outputFiles: [output]
            )
        ]
    }
}

/// Problems the plugin reports before the generator runs; each names the remedy.
enum ZohoToolGenPluginError: Error, CustomStringConvertible {
    case notASourceTarget(String)
    case missingMetaSchema(String)

    var description: String {
        switch self {
        case .notASourceTarget(let name):
            "Target '\(name)' has no source files; apply ZohoToolGenPlugin to a Swift source target."
        case .missingMetaSchema(let name):
            "Target '\(name)' has no Schemas/meta-schema.json; link the Schemas folder into the target "
                + "(Sources/\(name)/Schemas -> ../../Schemas)."
        }
    }
}
