import FanoutFormats

extension SettingsDecoder {
    /// Keys of the `[command]` table.
    public static let commandKeys: [String: String] = [
        "list": "a non-empty array of strings (program and arguments)",
        "run": "a non-empty array of strings containing {tests} and {junit}",
        "separator": "a string",
        "scope_attribute": "\"classname\", \"file\" or \"name\"",
        "id": "a string over {classname}, {name} and {file}",
    ]

    func command(_ node: TOMLNode, _ fields: Fields) throws -> CommandSettings {
        guard case .table(let table) = node.value else { throw fields.typeError("command", node) }
        let tableFields = Fields(file: file, location: "[command]", known: Self.commandKeys)
        var settings = CommandSettings(line: node.line)
        for key in table.keys {
            let value = table[key]!
            switch key {
            case "list", "run":
                let command = try tableFields.strings(key, value)
                guard !command.isEmpty, !command[0].isEmpty else { throw tableFields.typeError(key, value) }
                if key == "list" { settings.list = command } else { settings.run = command }
            case "separator": settings.separator = try tableFields.string(key, value)
            case "scope_attribute":
                let attribute = try tableFields.string(key, value)
                guard ["classname", "file", "name"].contains(attribute) else { throw tableFields.typeError(key, value) }
                settings.scopeAttribute = attribute
            case "id": settings.id = try tableFields.string(key, value)
            default: throw tableFields.unknown(key, value)
            }
        }
        guard !settings.list.isEmpty, !settings.run.isEmpty else {
            throw ConfigError(file: file, line: node.line, message: "[command] needs both `list` and `run`")
        }
        guard settings.run.contains(where: { $0.contains("{junit}") }),
            settings.run.contains(where: { $0.contains("{tests}") })
        else {
            throw ConfigError(
                file: file, line: node.line,
                message:
                    "[command] `run` must contain {tests} (the scopes to run) and {junit} (where it writes JUnit XML)")
        }
        return settings
    }
}
