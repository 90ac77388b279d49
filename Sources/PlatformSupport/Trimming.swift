extension StringProtocol {
    /// The text without leading and trailing white space and line breaks.
    ///
    /// FoundationEssentials has no `trimmingCharacters(in:)`, and importing full Foundation for it would load
    /// ICU into every process.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
