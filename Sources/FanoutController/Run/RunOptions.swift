import FanoutAdapters
import FanoutCore
import FanoutProtocol

/// Everything a run needs, resolved from config and flags.
public struct RunOptions: Sendable {
    /// Absolute workspace path.
    public var workspace: String
    public var slots: Int
    public var adapter: AdapterSpec
    public var paths: [String]?
    public var exclude: [String]
    /// Path of `fanout-agent` for the local host.
    public var agentPath: String
    public var runID: String
    /// Remote hosts; empty means the embedded local default.
    public var hosts: [RemoteHost]
    /// The agent uploaded to remote hosts (built with --static-swift-stdlib).
    public var remoteAgentPath: String
    /// This `fanout` executable, rsync's remote shell.
    public var fanoutPath: String
    /// Which oversized scopes are split into test slices.
    public var split: ScopeSplitter.Mode
    /// Run only shard `index` of `count` of a static plan (`--shard I/N`).
    public var shard: (index: Int, count: Int)?
    /// Plan file for `shard`; without one the plan is computed as `fanout plan --shards N` would.
    public var planPath: String?
    /// Stop after this many failed tests (`--maxfail`).
    public var maxFailures: Int?
    /// Files that must run together on one slot, in order.
    public var pins: PinGroups
    /// pytest marks whose files form further pin groups.
    public var pinMarkers: [String]
    /// `--speculate`/`speculate`: stragglers' work may run twice at once; `speculate_markers`: only the files
    /// holding a test with one of these marks.
    public var speculateAll = false
    /// `[[host_setup]]`: commands each host runs before its agent takes work.
    public var hostSetup: [HostSetupCommand] = []
    /// `[[worker_setup]]`: commands each slot runs before its first batch, and their teardowns.
    public var workerSetup: [WorkerSetupCommand] = []
    /// `[database]`: the database every slot gets a clone of.
    public var database: WorkerDatabaseSpec?
    /// Workspace-relative globs of files tests write that come back from every host (`artifacts`).
    public var artifacts: [String] = []
    /// pytest-cov's options when the run measures coverage (`--cov`): batches write data, the controller reports.
    public var coverage: PytestCoverage?
    public var speculateMarkers: [String] = []
    /// Run this many fast tests first, alone (`--smoke N`).
    public var smoke: Int?
    /// Files that run alone across all slots, with their setup and teardown commands.
    public var isolation: [IsolationRule]
    /// At most this many files per batch (`--max-batch-files`); nil leaves it to the batch policy.
    public var maxBatchFiles: Int?
    /// Seconds of silence after which a joined host is lost (default `RunController.defaultHeartbeatTimeout`).
    public var heartbeatTimeout: Double?
    /// Seconds each stage of a host's setup (probe, upload, sync without progress, the agent's hello) may take.
    public var setupTimeout = RunOptions.defaultSetupTimeout
    public static let defaultSetupTimeout = 30.0
    /// Times a failed test runs again (`--retries`), and whether a flaky test fails the run (`--flaky-fail`).
    public var retries = 0
    public var flakyFails = false
    /// Run only what failed last time (`--lf`).
    public var lastFailed: Bool

    public init(
        workspace: String, slots: Int, adapter: AdapterSpec, paths: [String]?, exclude: [String], agentPath: String,
        runID: String, hosts: [RemoteHost] = [], remoteAgentPath: String? = nil, fanoutPath: String = "",
        split: ScopeSplitter.Mode = .off, shard: (index: Int, count: Int)? = nil, planPath: String? = nil,
        maxFailures: Int? = nil, pins: PinGroups = PinGroups([]), pinMarkers: [String] = [], smoke: Int? = nil,
        isolation: [IsolationRule] = [], lastFailed: Bool = false
    ) {
        self.lastFailed = lastFailed
        self.isolation = isolation
        self.pinMarkers = pinMarkers
        self.smoke = smoke
        self.maxFailures = maxFailures
        self.pins = pins
        self.split = split
        self.shard = shard
        self.planPath = planPath
        self.hosts = hosts
        self.remoteAgentPath = remoteAgentPath ?? agentPath
        self.fanoutPath = fanoutPath
        self.workspace = workspace
        self.slots = slots
        self.adapter = adapter
        self.paths = paths
        self.exclude = exclude
        self.agentPath = agentPath
        self.runID = runID
    }
}
