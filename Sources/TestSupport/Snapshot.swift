public import Foundation
public import Testing

/// Golden-file comparison: `RECORD_SNAPSHOTS=1 swift test` rewrites the file and fails, so a re-record is never
/// silently green; a mismatch prints a unified diff.
public enum Snapshot {
    /// Compares `actual` with `directory/name`; pass the test file's `Snapshots` folder as `directory`.
    public static func assertMatches(
        _ actual: String, named name: String, directory: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory.appending(path: name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record(
                "Recorded new baseline \(name); run again without RECORD_SNAPSHOTS.", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "No baseline \(name); run with RECORD_SNAPSHOTS=1 to record it.", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record(
                "\(name) differs from its baseline:\n\(diff(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    private static func diff(_ expected: String, _ actual: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "snapshot-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let left = directory.appending(path: "expected")
        let right = directory.appending(path: "actual")
        try? Data(expected.utf8).write(to: left)
        try? Data(actual.utf8).write(to: right)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["diff", "-u", left.path, right.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "(diff unavailable)" }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output.prefix(20_000), as: UTF8.self)
    }
}
