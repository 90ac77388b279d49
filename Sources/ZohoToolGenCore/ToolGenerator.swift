import JSONCore

/// Turns schema files into the Swift source of the tool catalog. Pure: no file system, no process state.
public enum ToolGenerator {
    /// The name of the file the generator writes and the build compiles.
    public static let outputFileName = "ToolCatalog+Generated.swift"

    /// Validates every schema file against the meta-schema and the generator's own rules, then renders the catalog.
    /// - Parameters:
    ///   - metaSchema: `Schemas/meta-schema.json`.
    ///   - schemas: the tool modules, in any order (output is sorted).
    /// - Returns: the generated file, plus any warnings.
    /// - Throws: ``SchemaGenerationFailure`` holding every error found across all files.
    public static func generate(
        metaSchema: InMemoryInputFile,
        schemas: [InMemoryInputFile]
    ) throws(SchemaGenerationFailure) -> (file: InMemoryOutputFile, warnings: [SchemaDiagnostic]) {
        let meta: JSONValue
        do {
            meta = try JSONParser.parse(metaSchema.contents)
        } catch {
            throw SchemaGenerationFailure(diagnostics: [
                SchemaDiagnostic(
                    file: metaSchema.displayPath, line: error.line, message: "Invalid JSON: \(error.reason).")
            ])
        }
        var validation = SchemaValidation(metaSchema: meta)
        var modules: [ModuleModel] = []
        for schema in schemas.sorted(by: { $0.displayPath < $1.displayPath }) {
            if let module = validation.load(schema) { modules.append(module) }
        }
        let errors = validation.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw SchemaGenerationFailure(diagnostics: validation.diagnostics) }
        let source = CatalogRenderer.render(modules: modules, sourceFiles: schemas.map(\.displayPath).sorted())
        return (InMemoryOutputFile(baseName: outputFileName, contents: source), validation.diagnostics)
    }
}
