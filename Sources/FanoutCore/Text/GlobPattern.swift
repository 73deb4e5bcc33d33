/// A shell-style wildcard pattern: `*`, `?`, `[abc]`, `[!a-z]`, and `**` for any number of directories.
///
/// In `.path` mode `*` stops at `/` (gitignore-like excludes); in `.fnmatch` mode it does not, which is
/// how Python's `fnmatch` (and so pytest's `python_files` and `norecursedirs`) behaves.
///
/// Not fnmatch(3): it has no `**`, glibc's negates `[^a]` where Python's takes `^` literally, and in the C locale
/// it matches bytes, so `?` does not match `é` as Python's does.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    public enum Mode: Sendable, Hashable {
        case path
        case fnmatch
    }

    public let text: String
    public let mode: Mode
    private let pattern: [Character]

    public init(_ text: String, mode: Mode = .path) {
        self.text = text
        self.mode = mode
        self.pattern = Array(text)
    }

    public var description: String { text }

    /// Whether `candidate` matches the whole pattern.
    public func matches(_ candidate: String) -> Bool {
        let name = Array(candidate)
        var memo: [Int: Bool] = [:]
        return match(0, 0, name, &memo)
    }

    private func match(_ p: Int, _ n: Int, _ name: [Character], _ memo: inout [Int: Bool]) -> Bool {
        let key = p * (name.count + 1) + n
        if let known = memo[key] { return known }
        let result = matchUncached(p, n, name, &memo)
        memo[key] = result
        return result
    }

    private func matchUncached(_ p: Int, _ n: Int, _ name: [Character], _ memo: inout [Int: Bool]) -> Bool {
        guard p < pattern.count else { return n == name.count }
        switch pattern[p] {
        case "*":
            let isDouble = p + 1 < pattern.count && pattern[p + 1] == "*"
            if isDouble {
                var next = p + 2
                // `**/` also matches zero directories in paths; Python's fnmatch has no such rule.
                if mode == .path && next < pattern.count && pattern[next] == "/" {
                    if match(next + 1, n, name, &memo) { return true }
                    next = p + 2
                }
                for end in n...name.count where match(next, end, name, &memo) { return true }
                return false
            }
            var end = n
            while true {
                if match(p + 1, end, name, &memo) { return true }
                guard end < name.count else { return false }
                if mode == .path && name[end] == "/" { return false }
                end += 1
            }
        case "?":
            guard n < name.count, mode == .fnmatch || name[n] != "/" else { return false }
            return match(p + 1, n + 1, name, &memo)
        case "[":
            guard n < name.count, let (matched, next) = matchClass(at: p, name[n]) else {
                // An unclosed `[` is a literal, as in fnmatch.
                return n < name.count && name[n] == "[" && match(p + 1, n + 1, name, &memo)
            }
            return matched && match(next, n + 1, name, &memo)
        default:
            return n < name.count && name[n] == pattern[p] && match(p + 1, n + 1, name, &memo)
        }
    }

    /// Matches one character against the class starting at `start`; nil when the class is not closed.
    private func matchClass(at start: Int, _ character: Character) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        // Python's fnmatch negates with `!` only (`[^a]` is `^` or `a`); gitignore-like paths also with `^`.
        if index < pattern.count && (pattern[index] == "!" || (mode == .path && pattern[index] == "^")) {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count && (first || pattern[index] != "]") {
            first = false
            let low = pattern[index]
            if index + 2 < pattern.count && pattern[index + 1] == "-" && pattern[index + 2] != "]" {
                if low <= character && character <= pattern[index + 2] { matched = true }
                index += 3
            } else {
                if low == character { matched = true }
                index += 1
            }
        }
        guard index < pattern.count else { return nil }
        return (matched != negated, index + 1)
    }
}
