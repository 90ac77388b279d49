#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed file operation: the call, the path and the system's reason.
package struct LocalFileError: Error, Sendable, Hashable, CustomStringConvertible {
    package var call: String
    package var path: String
    package var code: Int32

    package init(call: String, path: String, code: Int32) {
        self.call = call
        self.path = path
        self.code = code
    }

    /// The system's words for the error code.
    package var reason: String { String(cString: strerror(code)) }

    package var description: String { "\(path): \(reason) (\(call))" }
}
