import FanoutCore

/// Settings from `fanout.toml` or `[tool.fanout]` in pyproject.toml. Nil means "not set here"; the CLI
/// layers its flags on top and fills defaults.
public struct FanoutSettings: Sendable, Equatable {
    /// Slots on the local host.
    public var slots: Int?
    /// Adapter name (`pytest`).
    public var adapter: String?
    /// Python interpreter for Python adapters.
    public var python: String?
    /// Test paths, relative to the workspace root; replace the framework's own (pytest's `testpaths`).
    public var paths: [String]?
    /// Glob patterns of files and directories to leave out, relative to the workspace root.
    public var exclude: [String]
    /// Arguments passed to the framework for every batch.
    public var args: [String]
    /// Which oversized scopes may be split into test slices: `["auto"]`, `["off"]`, or glob patterns.
    public var split: [String]?
    /// Groups of glob patterns; each group's files run on one slot, in path order, in one batch.
    public var pin: [[String]]
    /// pytest marks; the files with tests carrying one mark run together like a `pin` group.
    public var pinMarkers: [String]
    /// `speculate`: a straggling batch may run a second time on an idle slot; `speculate_markers`: only files
    /// holding a test with one of these marks.
    public var speculate: Bool?
    /// `tmpfs = false`: the slots' temporary directories stay on disk.
    public var tmpfs: Bool?
    /// `keep_db = true`: per-worker test databases are kept for the next run (like `--keep-db`).
    public var keepDatabases: Bool?
    public var speculateMarkers: [String] = []
    /// Keep a warm worker per slot and run batches in forks of it (default true).
    public var warm: Bool?
    /// Modules each warm worker imports before its first batch.
    public var warmImports: [String]
    /// Workspace-relative globs of files tests write, brought back from every host (`artifacts`).
    public var artifacts: [String] = []
    /// Times a failed test runs again (`--retries`).
    public var retries: Int?
    /// Seconds one test may run before Fanout stops it (`--timeout`).
    public var timeout: Double?
    /// Seconds one batch may run before Fanout stops it (`--batch-timeout`).
    public var batchTimeout: Double?
    /// Seconds each stage of a host's setup may take (`--setup-timeout`).
    public var setupTimeout: Double?
    /// The generic command adapter (`adapter = "command"`).
    public var command: CommandSettings?
    /// Files that run alone across all slots, with setup and teardown commands run once around each.
    public var isolated: [IsolatedSettings]
    /// `[[host_setup]]`: commands each host runs in its workspace before its agent takes work.
    public var hostSetup: [HostSetupCommand] = []
    /// `[[worker_setup]]`: commands each slot runs before its first batch, with teardowns for the run's end.
    public var workerSetup: [WorkerSetupCommand] = []
    /// `[database]`: the database every slot gets a clone of.
    public var database: WorkerDatabaseSpec?
    /// Remote hosts; empty means the embedded local default.
    public var hosts: [HostSettings]
    /// known_hosts file to check host keys against (default: ~/.ssh/known_hosts, or UserKnownHostsFile).
    public var knownHosts: String?
    /// OpenSSH client config to resolve host names with (default: ~/.ssh/config).
    public var sshConfig: String?
    /// Record keys of hosts not yet in known_hosts (changed keys are always refused).
    public var acceptNewHostKeys: Bool?
    /// Where these settings came from, for messages.
    public var source: String?

    public init(
        slots: Int? = nil, adapter: String? = nil, python: String? = nil, paths: [String]? = nil,
        exclude: [String] = [], args: [String] = [], hosts: [HostSettings] = [], knownHosts: String? = nil,
        sshConfig: String? = nil, acceptNewHostKeys: Bool? = nil, source: String? = nil
    ) {
        self.slots = slots
        self.adapter = adapter
        self.python = python
        self.paths = paths
        self.exclude = exclude
        self.args = args
        self.pin = []
        self.pinMarkers = []
        self.isolated = []
        self.warmImports = []
        self.hosts = hosts
        self.knownHosts = knownHosts
        self.sshConfig = sshConfig
        self.acceptNewHostKeys = acceptNewHostKeys
        self.source = source
    }
}
