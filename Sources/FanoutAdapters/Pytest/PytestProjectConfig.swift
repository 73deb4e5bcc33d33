import FanoutCore
import FanoutPosix
import FoundationEssentials

/// The parts of a project's pytest configuration that decide which files pytest collects, and its `addopts`.
public struct PytestProjectConfig: Sendable, Equatable {
    public static let defaultPythonFiles = ["test_*.py", "*_test.py"]
    public static let defaultNoRecurseDirs = [
        "*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}",
    ]

    /// Directory of the config file (pytest's rootdir), or the workspace when there is none.
    public var rootdir: String
    public var configFile: String?
    public var testpaths: [String] = []
    public var pythonFiles: [String] = Self.defaultPythonFiles
    public var noRecurseDirs: [String] = Self.defaultNoRecurseDirs
    /// `addopts`: arguments pytest puts before the command line's (where pytest-cov is often asked for).
    public var addopts: [String] = []

    public init(rootdir: String, configFile: String? = nil) {
        self.rootdir = rootdir
        self.configFile = configFile
    }

    /// Finds the config file pytest would use, walking up from `workspace` in pytest 9's order of names.
    public static func locate(from workspace: String, reader: some ProjectConfigReading) throws -> PytestProjectConfig {
        var directory = URL(fileURLWithPath: workspace).standardizedFileURL.path
        while true {
            if let found = try read(directory: directory, reader: reader) { return found }
            let parent = PathText.parent(directory)
            if parent == directory || parent.isEmpty { break }
            directory = parent
        }
        return PytestProjectConfig(rootdir: workspace)
    }

    /// Reads the first matching config file in one directory, or nil.
    static func read(directory: String, reader: some ProjectConfigReading) throws -> PytestProjectConfig? {
        func path(_ name: String) -> String { PathText.join(directory, name) }
        func found(_ settings: [String: ProjectSetting], _ name: String) -> PytestProjectConfig {
            PytestProjectConfig(settings, rootdir: directory, configFile: path(name))
        }
        for name in ["pytest.toml", ".pytest.toml"] where reader.exists(path(name)) {
            return found(try reader.tomlTable(path(name), at: ["pytest"]) ?? [:], name)
        }
        for name in ["pytest.ini", ".pytest.ini"] where reader.exists(path(name)) {
            return found(try reader.iniSection(path(name), named: "pytest") ?? [:], name)
        }
        for table in [["tool", "pytest", "ini_options"], ["tool", "pytest"]] {
            if let settings = try reader.tomlTable(path("pyproject.toml"), at: table) {
                return found(settings, "pyproject.toml")
            }
        }
        for (name, section) in [("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")] {
            if let settings = try reader.iniSection(path(name), named: section) { return found(settings, name) }
        }
        return nil
    }

    /// The settings that decide collection; an INI value or a TOML string is split as pytest splits `args`.
    init(_ settings: [String: ProjectSetting], rootdir: String, configFile: String) {
        self.init(rootdir: rootdir, configFile: configFile)
        func list(_ key: String) -> [String]? {
            switch settings[key] {
            case .text(let value): ShellWords.split(value)
            case .list(let items): items
            default: nil
            }
        }
        if let value = list("testpaths") { testpaths = value }
        if let value = list("python_files") { pythonFiles = value }
        if let value = list("norecursedirs") { noRecurseDirs = value }
        if let value = list("addopts") { addopts = value }
    }
}
