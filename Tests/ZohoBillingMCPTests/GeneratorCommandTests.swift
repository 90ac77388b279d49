import Foundation
import TestSupport
import Testing

/// The generator executable as the build plugin runs it: bad schemas stop it with `file:line: error:` lines.
@Suite struct GeneratorCommandTests {
    static let generator = ServerProcess.binaryURL.deletingLastPathComponent().appending(path: "ZohoToolGen-tool")
    static let metaSchema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Schemas/meta-schema.json")

    func run(_ schemas: [String: String]) async throws -> (status: Int32?, stderr: String, output: URL) {
        // The plugin's generator is built whenever the tools module is, into the same folder as the server.
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.generator.path), "no generator at \(Self.generator.path)")
        let directory = FileManager.default.temporaryDirectory.appending(path: "zb-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var paths: [String] = []
        for (name, text) in schemas.sorted(by: { $0.key < $1.key }) {
            let url = directory.appending(path: name)
            try Data(text.utf8).write(to: url)
            paths.append(url.path)
        }
        let output = directory.appending(path: "out/ToolCatalog+Generated.swift")
        let process = Process()
        process.executableURL = Self.generator
        process.arguments = ["--output", output.path, "--meta-schema", Self.metaSchema.path] + paths
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let errorText = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        return (process.terminationStatus, errorText, output)
    }

    static let validModule = """
        {"toolset": "things", "title": "Things", "tools": [{"name": "get_thing", "title": "Get a thing",
          "description": "Fetch one thing by id.", "access": "read", "method": "GET", "path": "/things/{thing_id}",
          "input": {"type": "object", "properties": {"thing_id": {"type": "string"}}, "required": ["thing_id"],
                    "additionalProperties": false}}]}
        """

    @Test("A valid schema produces the catalog file")
    func writesCatalog() async throws {
        let result = try await run(["things.json": Self.validModule])
        #expect(result.status == 0, "\(result.stderr)")
        let source = try String(contentsOf: result.output, encoding: .utf8)
        #expect(source.contains(#"name: "get_thing""#))
    }

    @Test("Malformed schemas exit 1 and report every problem as file:line: error")
    func failsWithDiagnostics() async throws {
        let broken = Self.validModule.replacingOccurrences(
            of: #""path": "/things/{thing_id}""#, with: #""path": "/things/{id}""#)
        let unparsable = "{\n  \"toolset\": \"other\",\n  \"tools\": [\n}"
        let result = try await run(["broken.json": broken, "unparsable.json": unparsable])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("Schemas/broken.json:2: error: Path parameter {id} of 'get_thing' is not declared"))
        #expect(result.stderr.contains("Schemas/unparsable.json:4: error: Invalid JSON"))
        #expect(result.stderr.contains("error: 2 problems in the schema files; the tool catalog was not generated."))
        #expect(!FileManager.default.fileExists(atPath: result.output.path))
    }
}
