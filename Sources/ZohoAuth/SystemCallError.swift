#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call: which call and its `errno`.
struct SystemCallError: Error, CustomStringConvertible {
    var call: String
    var code: Int32

    /// The `strerror` text, e.g. "Permission denied".
    var reason: String { String(cString: strerror(code)) }

    var description: String { "\(reason) (\(call))" }
}
