import Foundation
import Testing

@testable import ZohoBillingTools

/// Execution ids: random version-4 UUIDs drawn with one system call.
@Suite struct ExecutionIDTests {
    @Test("Ids are version 4, RFC 4122 variant, and do not repeat")
    func versionAndUniqueness() {
        var seen = Set<UUID>()
        for _ in 0..<10_000 {
            let id = UUID.random()
            let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4)
            #expect(bytes[8] >> 6 == 0b10)
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
