import Foundation
import Synchronization
import TestSupport
import Testing
@testable import ZohoAuth

@Suite struct TokenFileLockTests {
    @Test("A second lock on the same file waits until the first is released")
    func lockExcludes() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/tokens.json.lock"
            let recorder = LogRecorder()
            let first = try await TokenFileLock.acquire(path: path, logger: recorder.logger())
            let acquired = Flag()
            let second = Task {
                let lock = try await TokenFileLock.acquire(path: path, logger: recorder.logger())
                acquired.set()
                lock.release()
            }
            await recorder.waitForLine(containing: "waiting for another process")
            #expect(!acquired.isSet)
            first.release()
            try await second.value
            #expect(acquired.isSet)
            #expect(try permissions(path) == 0o600)
        }
    }
}

/// A thread-safe boolean that starts false.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
