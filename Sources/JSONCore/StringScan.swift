/// Finds the bytes inside a JSON string that end a plain run, eight at a time.
///
/// Strings are most of Zoho's JSON and of our results; testing one 64-bit word with a few bit operations instead
/// of a comparison chain per byte made checking Zoho's answers and writing results noticeably cheaper.
enum StringScan {
    /// The index of the first byte at or after `start` that is a quote, a backslash or a control character (and,
    /// with `includingNonASCII`, a byte above ASCII), or `bytes.count` when there is none.
    static func firstSpecialByte(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, includingNonASCII: Bool
    ) -> Int {
        var position = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let nonASCII = includingNonASCII ? UInt64.max : 0
            while position + 8 <= bytes.count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                // A lane's high bit ends up set for a zero byte of `quote` or `backslash`, for a byte of `word`
                // below 0x20, and (when asked) for a byte above ASCII; a borrow can only flag lanes after a real
                // one, and the byte loop below finds which.
                let flagged =
                    ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                    | (word & nonASCII)
                if flagged & highs != 0 { break }
                position += 8
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 || (includingNonASCII && byte >= 0x80) { return position }
            position += 1
        }
        return position
    }
}
