import FanoutFormats

extension SettingsDecoder {
    /// Keys of one `[[isolated]]` entry.
    public static let isolatedKeys: [String: String] = [
        "paths": "an array of glob patterns",
        "marker": "a pytest mark name",
        "setup": "a non-empty array of strings (program and arguments)",
        "teardown": "a non-empty array of strings (program and arguments)",
    ]

    func isolated(_ node: TOMLNode, _ fields: Fields) throws -> [IsolatedSettings] {
        try tableEntries(node, fields, name: "isolated", known: Self.isolatedKeys) { table, entry, entryFields in
            var settings = IsolatedSettings(line: entry.line)
            for key in table.keys {
                let value = table[key]!
                switch key {
                case "paths": settings.paths = try entryFields.strings(key, value)
                case "marker": settings.marker = try entryFields.string(key, value)
                case "setup", "teardown":
                    let command = try entryFields.command(key, value)
                    if key == "setup" { settings.setup = command } else { settings.teardown = command }
                default: throw entryFields.unknown(key, value)
                }
            }
            guard !settings.paths.isEmpty || settings.marker != nil else {
                throw ConfigError(
                    file: file, line: entry.line, message: "an [[isolated]] entry needs `paths` or `marker`")
            }
            return settings
        }
    }
}
