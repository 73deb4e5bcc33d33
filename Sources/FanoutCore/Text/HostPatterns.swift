/// OpenSSH's host pattern lists (ssh_config `Host`, known_hosts host fields): `*` and `?` are the only
/// wildcards (`[` is an ordinary character, as in `[host]:2222`), and a pattern starting with `!` that matches
/// rules the host out whatever the others say.
public enum HostPatterns {
    /// Whether `host` matches the list `patterns`; names compare case-insensitively, as OpenSSH's do.
    public static func matches(_ host: String, _ patterns: [String]) -> Bool {
        let name = Array(host.lowercased().utf8)
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if wildcard(Array(pattern.dropFirst().lowercased().utf8), name) { return false }
            } else if wildcard(Array(pattern.lowercased().utf8), name) {
                matched = true
            }
        }
        return matched
    }

    /// `*` matches any run of bytes, `?` any one byte; linear backtracking on the last `*`.
    static func wildcard(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var (p, t) = (0, 0)
        var star: (pattern: Int, text: Int)?
        while t < text.count {
            if p < pattern.count && (pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                star = (p, t)
                p += 1
            } else if let last = star {
                p = last.pattern + 1
                t = last.text + 1
                star = (last.pattern, last.text + 1)
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
