#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import PlatformSupport

/// An exclusive advisory `flock` on the token file's sibling lock file, held across a refresh so that two
/// processes (two Claude windows, say) never refresh at the same time.
///
/// `flock` locks belong to the open file description, so two `open` calls conflict even within one process; that
/// is what lets two ``OAuthSession`` instances on one file exclude each other too. The lock is released by
/// ``release()`` or, if the process dies, by the kernel.
struct TokenFileLock: Sendable {
    private let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Opens (creating with mode 0600) and locks the lock file.
    ///
    /// An uncontended lock is taken at once. A contended one waits on a dedicated thread, never on Swift's
    /// cooperative pool, and resumes the caller through a continuation. The wait cannot be cancelled; it ends
    /// when the holder finishes its refresh (bounded by the HTTP timeout) or exits.
    /// - Throws: ``TokenStoreError/lockFailed(path:reason:)``.
    static func acquire(path: String, logger: Logger) async throws -> TokenFileLock {
        let fd: Int32
        do {
            // Never through a symbolic link: the lock file's permissions are tightened below, and nothing but our
            // own lock file may be changed that way.
            fd = try FileSystem.openDescriptor(
                path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK, mode: FileSystem.ownerReadWrite)
        } catch {
            let reason = error.code == ELOOP ? "it is a symbolic link" : error.reason
            throw TokenStoreError.lockFailed(path: path, reason: reason)
        }
        let info: stat
        do {
            info = try FileSystem.info(ofDescriptor: fd)
        } catch {
            try? FileSystem.closeDescriptor(fd)
            throw TokenStoreError.lockFailed(path: path, reason: error.reason)
        }
        do {
            try TokenFile.checkOwnRegularFile(info, path: path)
        } catch {
            try? FileSystem.closeDescriptor(fd)
            guard case .refused(_, let reason) = error else { throw error }
            throw TokenStoreError.lockFailed(path: path, reason: reason)
        }
        tightenPermissions(fd, info: info, what: path, logger: logger)
        do {
            try FileSystem.lock(fd, LOCK_EX | LOCK_NB)
            return TokenFileLock(fd: fd)
        } catch  where error.code == EWOULDBLOCK || error.code == EAGAIN {
            // Another process or session holds it; wait below.
        } catch {
            try? FileSystem.closeDescriptor(fd)
            throw TokenStoreError.lockFailed(path: path, reason: error.reason)
        }
        logger.debug("waiting for another process to finish with the token file", metadata: ["lock": .string(path)])
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                startDetachedThread {
                    do {
                        try FileSystem.lock(fd, LOCK_EX)
                        continuation.resume()
                    } catch let error as SystemCallError {
                        continuation.resume(throwing: TokenStoreError.lockFailed(path: path, reason: error.reason))
                    } catch {
                        continuation.resume(throwing: TokenStoreError.lockFailed(path: path, reason: "\(error)"))
                    }
                }
            }
        } catch {
            try? FileSystem.closeDescriptor(fd)
            throw error
        }
        logger.debug("acquired the token file lock", metadata: ["lock": .string(path)])
        return TokenFileLock(fd: fd)
    }

    /// Unlocks and closes the lock file.
    func release() {
        try? FileSystem.lock(fd, LOCK_UN)
        try? FileSystem.closeDescriptor(fd)
    }
}
