extension StringProtocol {
    /// The text without the leading and trailing characters in `characters` (spaces and tabs by default): what
    /// Foundation's `trimmingCharacters(in:)` does, for the modules the agent links without Foundation.
    public func trimmed(_ characters: Set<Character> = [" ", "\t"]) -> String {
        guard let first = firstIndex(where: { !characters.contains($0) }) else { return "" }
        let last = lastIndex(where: { !characters.contains($0) })!
        return String(self[first...last])
    }

    /// The text without leading and trailing whitespace and newlines.
    public func trimmedWhitespaceAndNewlines() -> String {
        trimmed([" ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}"])
    }
}
