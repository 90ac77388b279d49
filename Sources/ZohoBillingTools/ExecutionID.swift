#if canImport(FoundationEssentials)
    package import FoundationEssentials
#else
    package import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

extension UUID {
    /// A random (version 4) UUID drawn from the standard library's system generator.
    ///
    /// `UUID()` in swift-foundation on Linux opens, reads and closes `/dev/urandom` for every value: three system
    /// calls on each tool call's path. On Linux the 16 bytes come from one `getrandom` call (the system generator
    /// makes one per 8 bytes); both are cryptographically secure.
    /// glibc's `getrandom` (2.25 and later), looked up once: Swift's Glibc module does not declare it.
    private static let getrandom: (@convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int)? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "getrandom") else { return nil }
            return unsafeBitCast(
                symbol, to: (@convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int).self)
        #else
            return nil
        #endif
    }()

    package static func random() -> UUID {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            let filled = UUID.getrandom.map { $0(buffer.baseAddress, 16, 0) == 16 } ?? false
            if !filled {
                var generator = SystemRandomNumberGenerator()
                buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
                buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            }
            buffer[6] = (buffer[6] & 0x0F) | 0x40  // version 4
            buffer[8] = (buffer[8] & 0x3F) | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: bytes)
    }
}
