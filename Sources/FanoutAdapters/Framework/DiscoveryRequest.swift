import FanoutCore

/// What a framework's discovery is given: the workspace and what the run's settings say about finding scopes.
public struct DiscoveryRequest: Sendable {
    /// Absolute path of the workspace.
    public var workspace: String
    /// Fanout's `paths` setting: where to look instead of the framework's own default.
    public var paths: [String]?
    public var excludes: PathExcludes
    /// Arguments for the framework (after `--`, and `args` in the config); Swift's build and filter flags.
    public var frameworkArgs: [String]
    /// Reads the framework's own config files (pytest.ini, pyproject.toml).
    public var configFiles: any ProjectConfigReading
    /// Interpreter or tool the framework runs with, for a framework whose own code lists its scopes (regrtest).
    public var executable: String

    public init(
        workspace: String, paths: [String]? = nil, excludes: PathExcludes = PathExcludes([]),
        frameworkArgs: [String] = [], configFiles: any ProjectConfigReading, executable: String = "python3"
    ) {
        self.workspace = workspace
        self.paths = paths
        self.excludes = excludes
        self.frameworkArgs = frameworkArgs
        self.configFiles = configFiles
        self.executable = executable
    }
}
