import FanoutCore

/// The parts of an OpenSSH client config Fanout honours: `Host` blocks with HostName, User, Port, IdentityFile
/// and UserKnownHostsFile. As in OpenSSH the first value found for a key wins, and IdentityFile accumulates.
/// `Match` blocks are not evaluated (their options are skipped).
public struct SSHConfigFile: Sendable, Equatable {
    struct Block: Sendable, Equatable {
        var patterns: [String]
        var options: [(key: String, value: String)]

        static func == (lhs: Block, rhs: Block) -> Bool {
            lhs.patterns == rhs.patterns && lhs.options.map(\.key) == rhs.options.map(\.key)
                && lhs.options.map(\.value) == rhs.options.map(\.value)
        }
    }

    private var blocks: [Block] = []

    public init(parsing text: String) {
        var current = Block(patterns: ["*"], options: [])
        var skipping = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine).drop { $0 == " " || $0 == "\t" }
            while line.last == " " || line.last == "\t" || line.last == "\r" { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let separator = line.firstIndex { $0 == " " || $0 == "\t" || $0 == "=" } ?? line.endIndex
            let key = line[..<separator].lowercased()
            var value = line[separator...].drop { $0 == " " || $0 == "\t" || $0 == "=" }
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                value = value.dropFirst().dropLast()
            }
            switch key {
            case "host":
                blocks.append(current)
                current = Block(
                    patterns: value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init), options: [])
                skipping = false
            case "match":
                blocks.append(current)
                current = Block(patterns: [], options: [])
                skipping = true
            default:
                if !skipping { current.options.append((key, String(value))) }
            }
        }
        blocks.append(current)
    }

    /// Options that apply to `host` (the alias as typed), keys lower-cased.
    public func options(for host: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for block in blocks where Self.matches(host, block.patterns) {
            for (key, value) in block.options {
                if key == "identityfile" || key == "userknownhostsfile" {
                    result[key, default: []] +=
                        key == "userknownhostsfile" ? value.split(separator: " ").map(String.init) : [value]
                } else if result[key] == nil {
                    result[key] = [value]
                }
            }
        }
        return result
    }

    static func matches(_ host: String, _ patterns: [String]) -> Bool {
        HostPatterns.matches(host, patterns)
    }
}
