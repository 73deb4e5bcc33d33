/// Fanout's directory in the user's cache, `$XDG_CACHE_HOME/fanout` or `~/.cache/fanout`: what outlives a run
/// (file hashes, the pytest worker's verdicts) is kept there and nowhere else.
public enum UserCacheDirectory {
    /// The directory for `environment`; nil without an absolute cache or home directory of the user's own
    /// (never a shared, guessable place such as /tmp).
    public static func path(environment: [String: String]) -> String? {
        let base =
            environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? environment["HOME"].flatMap { $0.hasPrefix("/") ? PathText.join($0, ".cache") : nil }
        return base.map { PathText.join($0, "fanout") }
    }
}
