import FanoutCore
import FanoutFormats

extension SettingsDecoder {
    /// Keys of one `[[host_setup]]` entry.
    public static let hostSetupKeys: [String: String] = [
        "run": "a non-empty array of strings (program and arguments)",
        "inputs": "an array of glob patterns",
    ]

    func hostSetup(_ node: TOMLNode, _ fields: Fields) throws -> [HostSetupCommand] {
        try tableEntries(node, fields, name: "host_setup", known: Self.hostSetupKeys) { table, entry, entryFields in
            var command = HostSetupCommand(run: [])
            for key in table.keys {
                let value = table[key]!
                switch key {
                case "run": command.run = try entryFields.command(key, value)
                case "inputs": command.inputs = try entryFields.strings(key, value)
                default: throw entryFields.unknown(key, value)
                }
            }
            guard !command.run.isEmpty else {
                throw ConfigError(file: file, line: entry.line, message: "a [[host_setup]] entry needs `run`")
            }
            return command
        }
    }
}
