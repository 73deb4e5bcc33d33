/// Reads the tables of a framework's own config files (pytest.ini, pyproject.toml) for its discovery.
///
/// The controller hands one in (FanoutConfig's `ProjectConfigFiles`, which parses TOML and INI): frameworks
/// are linked into the agent as well, and the agent, which never discovers, must not link config parsers.
public protocol ProjectConfigReading: Sendable {
    /// Whether `file` exists, so that it is the config file even if it lacks the table.
    func exists(_ file: String) -> Bool
    /// The table at `path` (`["tool", "pytest", "ini_options"]`) of TOML file `file`; nil when the file or the
    /// table is absent. Throws, naming the file and line, when the file is not valid TOML.
    func tomlTable(_ file: String, at path: [String]) throws -> [String: ProjectSetting]?
    /// Section `name` of INI file `file` (keys lower-cased, as configparser has them); nil when either is absent.
    func iniSection(_ file: String, named name: String) throws -> [String: ProjectSetting]?
}
