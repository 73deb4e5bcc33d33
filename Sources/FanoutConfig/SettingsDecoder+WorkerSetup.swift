import FanoutCore
import FanoutFormats

extension SettingsDecoder {
    /// Keys of one `[[worker_setup]]` entry.
    public static let workerSetupKeys: [String: String] = [
        "run": "a non-empty array of strings (program and arguments)",
        "teardown": "a non-empty array of strings (program and arguments)",
    ]

    func workerSetup(_ node: TOMLNode, _ fields: Fields) throws -> [WorkerSetupCommand] {
        try tableEntries(node, fields, name: "worker_setup", known: Self.workerSetupKeys) { table, entry, entryFields in
            var command = WorkerSetupCommand(run: [])
            for key in table.keys {
                let value = table[key]!
                switch key {
                case "run": command.run = try entryFields.command(key, value)
                case "teardown": command.teardown = try entryFields.command(key, value)
                default: throw entryFields.unknown(key, value)
                }
            }
            guard !command.run.isEmpty else {
                throw ConfigError(file: file, line: entry.line, message: "a [[worker_setup]] entry needs `run`")
            }
            return command
        }
    }
}
