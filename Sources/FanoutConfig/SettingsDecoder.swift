import FanoutFormats

/// Turns a TOML table into `FanoutSettings`, rejecting unknown keys and wrong types with file, line and key.
public struct SettingsDecoder: Sendable {
    /// Every top-level key Fanout understands, with its expected type for messages.
    public static let knownKeys: [String: String] = [
        "slots": "a positive integer",
        "adapter": "a string",
        "python": "a string",
        "paths": "an array of strings",
        "exclude": "an array of strings",
        "args": "an array of strings",
        "hosts": "an array of tables ([[hosts]])",
        "known_hosts": "a string",
        "ssh_config": "a string",
        "accept_new_host_keys": "a boolean",
        "split": "\"auto\", \"off\" or an array of glob patterns",
        "pin": "an array of arrays of glob patterns",
        "pin_markers": "an array of pytest mark names",
        "speculate": "a boolean",
        "tmpfs": "a boolean",
        "keep_db": "a boolean",
        "speculate_markers": "an array of pytest mark names",
        "isolated": "an array of tables ([[isolated]])",
        "host_setup": "an array of tables ([[host_setup]])",
        "worker_setup": "an array of tables ([[worker_setup]])",
        "database": "a table ([database])",
        "warm": "a boolean",
        "warm_imports": "an array of module names",
        "artifacts": "an array of workspace-relative glob patterns",
        "command": "a table ([command])",
        "timeout": "a positive number of seconds",
        "retries": "a positive integer",
        "batch_timeout": "a positive number of seconds",
        "setup_timeout": "a positive number of seconds",
    ]

    /// Keys of one `[[hosts]]` entry.
    public static let hostKeys: [String: String] = [
        "name": "a string",
        "address": "a string",
        "user": "a string",
        "port": "an integer from 1 to 65535",
        "identity": "a string",
        "slots": "a positive integer",
        "workspace": "a string",
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
        let fields = Fields(file: file, location: tableName, known: Self.knownKeys)
        for key in table.keys {
            let node = table[key]!
            switch key {
            case "slots": settings.slots = try fields.positive(key, node)
            case "adapter": settings.adapter = try fields.string(key, node)
            case "python": settings.python = try fields.string(key, node)
            case "paths": settings.paths = try fields.strings(key, node)
            case "exclude": settings.exclude = try fields.strings(key, node)
            case "args": settings.args = try fields.strings(key, node)
            case "known_hosts": settings.knownHosts = try fields.string(key, node)
            case "ssh_config": settings.sshConfig = try fields.string(key, node)
            case "accept_new_host_keys": settings.acceptNewHostKeys = try fields.boolean(key, node)
            case "hosts": settings.hosts = try hosts(node, fields)
            case "pin_markers": settings.pinMarkers = try fields.strings(key, node)
            case "speculate": settings.speculate = try fields.boolean(key, node)
            case "tmpfs": settings.tmpfs = try fields.boolean(key, node)
            case "keep_db": settings.keepDatabases = try fields.boolean(key, node)
            case "speculate_markers": settings.speculateMarkers = try fields.strings(key, node)
            case "isolated": settings.isolated = try isolated(node, fields)
            case "host_setup": settings.hostSetup = try hostSetup(node, fields)
            case "worker_setup": settings.workerSetup = try workerSetup(node, fields)
            case "database": settings.database = try database(node, fields)
            case "warm": settings.warm = try fields.boolean(key, node)
            case "warm_imports": settings.warmImports = try fields.strings(key, node)
            case "artifacts": settings.artifacts = try fields.strings(key, node)
            case "command": settings.command = try command(node, fields)
            case "timeout": settings.timeout = try fields.seconds(key, node)
            case "retries": settings.retries = try fields.positive(key, node)
            case "batch_timeout": settings.batchTimeout = try fields.seconds(key, node)
            case "setup_timeout": settings.setupTimeout = try fields.seconds(key, node)
            case "pin":
                guard case .array(let groups) = node.value else { throw fields.typeError(key, node) }
                settings.pin = try groups.map { try fields.strings(key, $0) }
            case "split":
                if case .string(let value) = node.value, value == "auto" || value == "off" {
                    settings.split = [value]
                } else {
                    settings.split = try fields.strings(key, node)
                }
            default: throw fields.unknown(key, node)
            }
        }
        return settings
    }

    /// Reads each entry of the array of tables `[[name]]` with `read`, which gets the entry's table, its line and
    /// the fields that check its keys against `known` and name the entry in errors.
    func tableEntries<Entry>(
        _ node: TOMLNode, _ fields: Fields, name: String, known: [String: String],
        _ read: (_ table: TOMLTable, _ entry: TOMLNode, _ fields: Fields) throws -> Entry
    ) throws -> [Entry] {
        guard case .array(let entries) = node.value else { throw fields.typeError(name, node) }
        return try entries.map { entry in
            guard case .table(let table) = entry.value else { throw fields.typeError(name, entry) }
            return try read(
                table, entry, Fields(file: file, location: "[[\(name)]] (line \(entry.line))", known: known))
        }
    }

    private func hosts(_ node: TOMLNode, _ fields: Fields) throws -> [HostSettings] {
        try tableEntries(node, fields, name: "hosts", known: Self.hostKeys) { table, entry, hostFields in
            var host = HostSettings(name: "", line: entry.line)
            for key in table.keys {
                let value = table[key]!
                switch key {
                case "name": host.name = try hostFields.string(key, value)
                case "address": host.address = try hostFields.string(key, value)
                case "user": host.user = try hostFields.string(key, value)
                case "port":
                    guard case .integer(let port) = value.value, (1...65535).contains(port) else {
                        throw hostFields.typeError(key, value)
                    }
                    host.port = port
                case "identity": host.identity = try hostFields.string(key, value)
                case "slots": host.slots = try hostFields.positive(key, value)
                case "workspace": host.workspace = try hostFields.string(key, value)
                default: throw hostFields.unknown(key, value)
                }
            }
            if host.name.isEmpty { host.name = host.address ?? "" }
            guard !host.name.isEmpty else {
                throw ConfigError(file: file, line: entry.line, message: "a [[hosts]] entry needs `address` or `name`")
            }
            return host
        }
    }

    /// The known key within edit distance 2 of `key`, for "did you mean".
    static func closest(to key: String, in candidates: [String]) -> String? {
        candidates.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let (a, b) = (Array(lhs), Array(rhs))
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}

/// Typed access to one table's values, with errors that name the file, line, key and table.
struct Fields {
    let file: String
    let location: String
    let known: [String: String]

    /// A program and its arguments: a non-empty array of strings whose first is not empty.
    func command(_ key: String, _ node: TOMLNode) throws -> [String] {
        let command = try strings(key, node)
        guard let program = command.first, !program.isEmpty else { throw typeError(key, node) }
        return command
    }

    func string(_ key: String, _ node: TOMLNode) throws -> String {
        guard case .string(let value) = node.value else { throw typeError(key, node) }
        return value
    }

    func boolean(_ key: String, _ node: TOMLNode) throws -> Bool {
        guard case .boolean(let value) = node.value else { throw typeError(key, node) }
        return value
    }

    func seconds(_ key: String, _ node: TOMLNode) throws -> Double {
        switch node.value {
        case .integer(let value) where value > 0: return Double(value)
        case .float(let value) where value > 0: return value
        default: throw typeError(key, node)
        }
    }

    func positive(_ key: String, _ node: TOMLNode) throws -> Int {
        guard case .integer(let value) = node.value, value > 0 else { throw typeError(key, node) }
        return value
    }

    func strings(_ key: String, _ node: TOMLNode) throws -> [String] {
        guard case .array(let items) = node.value else { throw typeError(key, node) }
        return try items.map { item in
            guard case .string(let value) = item.value else {
                throw ConfigError(
                    file: file, line: item.line,
                    message: "key '\(key)' in \(location) must be \(known[key]!), but holds a \(item.value.typeName)")
            }
            return value
        }
    }

    func typeError(_ key: String, _ node: TOMLNode) -> ConfigError {
        ConfigError(
            file: file, line: node.line,
            message: "key '\(key)' in \(location) must be \(known[key]!), not a \(node.value.typeName)")
    }

    func unknown(_ key: String, _ node: TOMLNode) -> ConfigError {
        let names = known.keys.sorted()
        let hint = SettingsDecoder.closest(to: key, in: names).map { " (did you mean '\($0)'?)" } ?? ""
        return ConfigError(
            file: file, line: node.line,
            message: "unknown key '\(key)' in \(location)\(hint); known keys: \(names.joined(separator: ", "))")
    }
}
