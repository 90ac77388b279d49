import ArgumentParser
import Foundation
import ZohoToolGenCore

/// Generates the MCP tool catalog from schema files; run by ZohoToolGenPlugin during `swift build`.
@main
struct ZohoToolGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoho-tool-gen",
        abstract: "Generate the MCP tool catalog from Zoho schema files."
    )

    @Option(help: "The meta-schema that every schema file must satisfy.")
    var metaSchema: String

    @Option(help: "Where to write the generated Swift file.")
    var output: String

    @Argument(help: "The schema files, one per Zoho module.")
    var schemas: [String] = []

    func run() throws {
        let meta = try load(metaSchema)
        let inputs = try schemas.map(load)
        do {
            let (file, warnings) = try ToolGenerator.generate(metaSchema: meta, schemas: inputs)
            for warning in warnings { printToStandardError(warning.description) }
            try writeIfChanged(file.contents, to: output)
        } catch let failure as SchemaGenerationFailure {
            for diagnostic in failure.diagnostics { printToStandardError(diagnostic.description) }
            let count = failure.diagnostics.count
            printToStandardError(
                "error: \(count) problem\(count == 1 ? "" : "s") in the schema files; the tool catalog was not generated."
            )
            throw ExitCode.failure
        }
    }

    private func load(_ path: String) throws -> InMemoryInputFile {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot read \(path).")
        }
        return InMemoryInputFile(displayPath: "Schemas/" + url.lastPathComponent, contents: data)
    }

    /// Leaves the file untouched when the bytes are the same, so an unchanged catalog does not recompile.
    private func writeIfChanged(_ contents: String, to path: String) throws {
        let data = Data(contents.utf8)
        if FileManager.default.contents(atPath: path) == data { return }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
