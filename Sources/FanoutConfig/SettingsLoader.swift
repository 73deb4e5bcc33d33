import FanoutCore
import FanoutFormats
import FoundationEssentials

/// Finds and reads Fanout's settings in a workspace: `fanout.toml` first, else `[tool.fanout]` in
/// pyproject.toml, else defaults.
public enum SettingsLoader {
    public static func load(workspace: String) throws -> FanoutSettings {
        let fanoutToml = PathText.join(workspace, "fanout.toml")
        if let text = try readIfPresent(fanoutToml) {
            let table = try TOMLParser.parse(text, file: fanoutToml)
            return try SettingsDecoder(file: fanoutToml, tableName: "fanout.toml").decode(table)
        }
        let pyproject = PathText.join(workspace, "pyproject.toml")
        if let text = try readIfPresent(pyproject) {
            let table = try TOMLParser.parse(text, file: pyproject)
            if let (fanout, _) = table.table(at: ["tool", "fanout"]) {
                return try SettingsDecoder(file: pyproject, tableName: "[tool.fanout]").decode(fanout)
            }
        }
        return FanoutSettings()
    }

    static func readIfPresent(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: 0, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: 0, message: "the file is not valid UTF-8")
        }
        return text
    }
}
