import FanoutCore

/// What an adapter knows about the slot a batch runs in.
public struct SlotContext: Sendable {
    public var runID: String
    public var worker: WorkerID
    /// Zero-based slot number across all hosts of the run.
    public var globalSlot: Int
    public var totalSlots: Int
    /// Absolute workspace path on this host.
    public var workspace: String
    /// The slot's private temporary directory (TMPDIR).
    public var temporaryDirectory: String
    /// Where the agent keeps adapter support files (the pytest plugin).
    public var supportDirectory: String
    /// Interpreter or tool the adapter runs.
    public var executable: String
    public var frameworkArgs: [String]
    /// The agent's environment plus the run's extra variables.
    public var baseEnvironment: [String: String]
    /// Run batches in forks of a warm worker where the adapter has one.
    public var warm: Bool
    /// Modules the warm worker imports before its first fork.
    public var warmImports: [String]
    /// Whether this host has more CPUs than slots, so a slot's warm worker may use an idle core to prepare its
    /// next batch while the current one runs.
    public var spareCores = false
    /// Seconds one test, and one batch, may run.
    public var testTimeout: Double?
    public var batchTimeout: Double?
    /// Threads each numeric library's pool may start in this slot (`ThreadPoolLimits`); nil leaves them be.
    public var threadsPerSlot: Int?
    /// Keep the per-worker test databases for the next run (`--keep-db`).
    public var keepDatabases = false
    /// Each batch writes coverage data of its own (`CoverageDataFiles`) for the controller to combine.
    public var measuresCoverage = false

    public init(
        runID: String, worker: WorkerID, globalSlot: Int, totalSlots: Int, workspace: String,
        temporaryDirectory: String, supportDirectory: String, executable: String, frameworkArgs: [String],
        baseEnvironment: [String: String], warm: Bool = false, warmImports: [String] = []
    ) {
        self.warm = warm
        self.warmImports = warmImports
        self.runID = runID
        self.worker = worker
        self.globalSlot = globalSlot
        self.totalSlots = totalSlots
        self.workspace = workspace
        self.temporaryDirectory = temporaryDirectory
        self.supportDirectory = supportDirectory
        self.executable = executable
        self.frameworkArgs = frameworkArgs
        self.baseEnvironment = baseEnvironment
    }

    /// The environment every test process sees (docs/DESIGN.md, "Environment a test sees").
    public var testEnvironment: [String: String] {
        var environment = baseEnvironment
        environment["FANOUT_WORKER"] = worker.description
        environment["FANOUT_SLOT"] = String(worker.slot)
        environment["FANOUT_GLOBAL_SLOT"] = String(globalSlot)
        environment["FANOUT_HOST"] = worker.host
        environment["FANOUT_RUN_ID"] = runID
        environment["TMPDIR"] = temporaryDirectory
        // Plugins that already isolate per xdist worker (pytest-django's database names) work unchanged.
        environment["PYTEST_XDIST_WORKER"] = "gw\(globalSlot)"
        environment["PYTEST_XDIST_WORKER_COUNT"] = String(totalSlots)
        if let threadsPerSlot { environment = ThreadPoolLimits.applied(to: environment, threads: threadsPerSlot) }
        return environment
    }
}
