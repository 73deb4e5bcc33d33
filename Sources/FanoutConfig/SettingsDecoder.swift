/// Turns a TOML table into `FanoutSettings`, rejecting unknown keys and wrong types with file, line and key.
public struct SettingsDecoder: Sendable {
    /// Every key Fanout understands, with its expected type for messages.
    public static let knownKeys: [String: String] = [
        "slots": "a positive integer",
        "adapter": "a string",
        "python": "a string",
        "paths": "an array of strings",
        "exclude": "an array of strings",
        "args": "an array of strings",
    ]

    public let file: String
    /// How the table is named in messages: `fanout.toml` top level or `[tool.fanout]`.
    public let tableName: String

    public init(file: String, tableName: String) {
        self.file = file
        self.tableName = tableName
    }

    public func decode(_ table: TOMLTable) throws -> FanoutSettings {
        var settings = FanoutSettings(source: file)
        for key in table.keys {
            let node = table[key]!
            switch key {
            case "slots":
                guard case .integer(let value) = node.value, value > 0 else { throw typeError(key, node) }
                settings.slots = value
            case "adapter": settings.adapter = try string(key, node)
            case "python": settings.python = try string(key, node)
            case "paths": settings.paths = try strings(key, node)
            case "exclude": settings.exclude = try strings(key, node)
            case "args": settings.args = try strings(key, node)
            default:
                let known = Self.knownKeys.keys.sorted()
                let hint = Self.closest(to: key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigError(
                    file: file, line: node.line,
                    message: "unknown key '\(key)' in \(tableName)\(hint); known keys: \(known.joined(separator: ", "))"
                )
            }
        }
        return settings
    }

    private func string(_ key: String, _ node: TOMLNode) throws -> String {
        guard case .string(let value) = node.value else { throw typeError(key, node) }
        return value
    }

    private func strings(_ key: String, _ node: TOMLNode) throws -> [String] {
        guard case .array(let items) = node.value else { throw typeError(key, node) }
        return try items.map { item in
            guard case .string(let value) = item.value else {
                throw ConfigError(
                    file: file, line: item.line,
                    message:
                        "key '\(key)' in \(tableName) must be \(Self.knownKeys[key]!), but holds a \(item.value.typeName)"
                )
            }
            return value
        }
    }

    private func typeError(_ key: String, _ node: TOMLNode) -> ConfigError {
        ConfigError(
            file: file, line: node.line,
            message: "key '\(key)' in \(tableName) must be \(Self.knownKeys[key]!), not a \(node.value.typeName)")
    }

    /// The known key within edit distance 2 of `key`, for "did you mean".
    static func closest(to key: String, in candidates: [String]) -> String? {
        candidates.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let (a, b) = (Array(lhs), Array(rhs))
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
