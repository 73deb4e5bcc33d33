/// What a run's scopes are called in its headline: the unit each adapter hands out.
enum ScopeNoun {
    /// `3 files`, `1 test module`, `9 suites`.
    static func counted(_ count: Int, adapter: String) -> String {
        let noun: String
        switch adapter {
        case "regrtest": noun = "test module"
        case "swift": noun = "suite"
        case "command": noun = "scope"
        default: noun = "file"
        }
        return "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
