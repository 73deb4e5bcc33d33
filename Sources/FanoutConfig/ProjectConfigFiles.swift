import FanoutCore
import FanoutFormats
import FoundationEssentials

/// Frameworks' config files read from disk with Fanout's TOML and INI readers.
public struct ProjectConfigFiles: ProjectConfigReading {
    public init() {}

    public func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: file) }

    public func tomlTable(_ file: String, at path: [String]) throws -> [String: ProjectSetting]? {
        guard let text = try SettingsLoader.readIfPresent(file) else { return nil }
        guard let (table, _) = try TOMLParser.parse(text, file: file).table(at: path) else { return nil }
        var settings: [String: ProjectSetting] = [:]
        for key in table.keys {
            settings[key] = table[key].map { Self.setting($0.value) }
        }
        return settings
    }

    public func iniSection(_ file: String, named name: String) throws -> [String: ProjectSetting]? {
        guard let text = try SettingsLoader.readIfPresent(file) else { return nil }
        return IniFile(parsing: text).sections[name]?.mapValues { .text($0.value) }
    }

    static func setting(_ value: TOMLValue) -> ProjectSetting {
        switch value {
        case .string(let text): .text(text)
        case .array(let items):
            .list(items.compactMap { if case .string(let text) = $0.value { text } else { nil } })
        default: .other
        }
    }
}
