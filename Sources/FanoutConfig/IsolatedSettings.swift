import FanoutCore

/// One `[[isolated]]` entry: the files it makes isolated (by glob pattern or pytest mark) and the commands
/// run once around each of them.
///
/// ```toml
/// [[isolated]]
/// paths = ["tests/cluster/test_*.py"]
/// setup = ["python3", "scripts/cluster.py", "up"]
/// teardown = ["python3", "scripts/cluster.py", "down"]
/// ```
public struct IsolatedSettings: Sendable, Equatable {
    /// Glob patterns of files, relative to the workspace root.
    public var paths: [String]
    /// A pytest mark: files with tests carrying it are isolated too.
    public var marker: String?
    /// Program and arguments run on the controller, in the workspace, before the file's first test.
    public var setup: [String]?
    /// Program and arguments run on the controller after the file's last test.
    public var teardown: [String]?
    /// Line of the entry in its file, for messages.
    public var line: Int

    public init(
        paths: [String] = [], marker: String? = nil, setup: [String]? = nil, teardown: [String]? = nil, line: Int = 0
    ) {
        self.paths = paths
        self.marker = marker
        self.setup = setup
        self.teardown = teardown
        self.line = line
    }

    /// This entry as the planner's rule.
    public var rule: IsolationRule {
        IsolationRule(patterns: paths, marker: marker, setup: setup, teardown: teardown)
    }
}
