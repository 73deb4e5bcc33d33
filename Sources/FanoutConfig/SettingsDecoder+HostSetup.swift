import FanoutCore
import FanoutFormats

extension SettingsDecoder {
    /// Keys of one `[[host_setup]]` entry.
    public static let hostSetupKeys: [String: String] = [
        "run": "a non-empty array of strings (program and arguments)",
        "inputs": "an array of glob patterns",
    ]

    func hostSetup(_ node: TOMLNode, _ fields: Fields) throws -> [HostSetupCommand] {
        guard case .array(let entries) = node.value else { throw fields.typeError("host_setup", node) }
        return try entries.map { entry in
            guard case .table(let table) = entry.value else { throw fields.typeError("host_setup", entry) }
            let entryFields = Fields(
                file: file, location: "[[host_setup]] (line \(entry.line))", known: Self.hostSetupKeys)
            var command = HostSetupCommand(run: [])
            for key in table.keys {
                let value = table[key]!
                switch key {
                case "run":
                    command.run = try entryFields.strings(key, value)
                    guard !command.run.isEmpty, !command.run[0].isEmpty else {
                        throw entryFields.typeError(key, value)
                    }
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
