#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's permission bits, for the checks that a token file is private.
enum FileMode {
    /// The permission bits (`0o600`, …), or nil when the path does not exist.
    static func permissions(of path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt32(info.st_mode) & 0o777
    }

    /// `0600` style.
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Whether `path` could be written (or created, when it does not exist yet) without creating anything: the
    /// file's own write permission, or that of the nearest existing directory above it.
    static func isWritable(_ path: String) -> Bool {
        if access(path, F_OK) == 0 { return access(path, W_OK) == 0 }
        var directory = path
        while true {
            guard let slash = directory.lastIndex(of: "/") else { return access(".", W_OK) == 0 }
            directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
            if access(directory, F_OK) == 0 { return access(directory, W_OK | X_OK) == 0 }
            if directory == "/" { return false }
        }
    }
}
