import FanoutCore
import FanoutPosix
import FanoutConfig
import FoundationEssentials

/// The parts of a project's pytest configuration that decide which files pytest collects.
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

    public init(rootdir: String, configFile: String? = nil) {
        self.rootdir = rootdir
        self.configFile = configFile
    }

    /// Finds the config file pytest would use, walking up from `workspace` in pytest 9's order of names.
    public static func locate(from workspace: String) throws -> PytestProjectConfig {
        var directory = URL(fileURLWithPath: workspace).standardizedFileURL.path
        while true {
            if let found = try read(directory: directory) { return found }
            let parent = PathText.parent(directory)
            if parent == directory || parent.isEmpty { break }
            directory = parent
        }
        return PytestProjectConfig(rootdir: workspace)
    }

    /// Reads the first matching config file in one directory, or nil.
    static func read(directory: String) throws -> PytestProjectConfig? {
        func path(_ name: String) -> String { PathText.join(directory, name) }
        func text(_ name: String) -> String? {
            FileManager.default.contents(atPath: path(name)).flatMap { String(data: $0, encoding: .utf8) }
        }
        for name in ["pytest.toml", ".pytest.toml"] {
            guard let text = text(name) else { continue }
            let table = try TOMLParser.parse(text, file: path(name))
            return fromTOML(table.table(at: ["pytest"])?.table ?? TOMLTable(), directory, path(name))
        }
        for name in ["pytest.ini", ".pytest.ini"] {
            guard let text = text(name) else { continue }
            return fromIni(IniFile(parsing: text).sections["pytest"] ?? [:], directory, path(name))
        }
        if let text = text("pyproject.toml") {
            let table = try TOMLParser.parse(text, file: path("pyproject.toml"))
            if let options = table.table(at: ["tool", "pytest", "ini_options"]) {
                return fromTOML(options.table, directory, path("pyproject.toml"))
            }
            if let native = table.table(at: ["tool", "pytest"]) {
                return fromTOML(native.table, directory, path("pyproject.toml"))
            }
        }
        if let text = text("tox.ini"), let section = IniFile(parsing: text).sections["pytest"] {
            return fromIni(section, directory, path("tox.ini"))
        }
        if let text = text("setup.cfg"), let section = IniFile(parsing: text).sections["tool:pytest"] {
            return fromIni(section, directory, path("setup.cfg"))
        }
        return nil
    }

    static func fromIni(_ section: [String: IniFile.Entry], _ directory: String, _ file: String) -> PytestProjectConfig
    {
        var config = PytestProjectConfig(rootdir: directory, configFile: file)
        if let value = section["testpaths"]?.value { config.testpaths = ShellWords.split(value) }
        if let value = section["python_files"]?.value { config.pythonFiles = ShellWords.split(value) }
        if let value = section["norecursedirs"]?.value { config.noRecurseDirs = ShellWords.split(value) }
        return config
    }

    static func fromTOML(_ table: TOMLTable, _ directory: String, _ file: String) -> PytestProjectConfig {
        var config = PytestProjectConfig(rootdir: directory, configFile: file)
        func list(_ key: String) -> [String]? {
            switch table[key]?.value {
            case .string(let value): return ShellWords.split(value)
            case .array(let items):
                return items.compactMap { if case .string(let value) = $0.value { return value } else { return nil } }
            default: return nil
            }
        }
        if let value = list("testpaths") { config.testpaths = value }
        if let value = list("python_files") { config.pythonFiles = value }
        if let value = list("norecursedirs") { config.noRecurseDirs = value }
        return config
    }
}
