import FanoutCore

/// Which adapter runs batches on an agent, and how.
public struct AdapterSpec: Codable, Sendable, Equatable {
    /// Adapter name, e.g. `pytest`.
    public var name: String
    /// Interpreter or tool to run (`python3` for pytest), resolved through PATH on the agent's host.
    public var executable: String
    /// Arguments passed through to the framework for every batch.
    public var frameworkArgs: [String]
    /// Extra environment for test processes.
    public var environment: [String: String]
    /// Run batches in forks of a warm worker per slot (pytest); false starts a new process per batch.
    public var warm: Bool
    /// Modules each warm worker imports before its first batch (`warm_imports`).
    public var warmImports: [String]
    /// The generic command adapter's run template and report reading.
    public var command: CommandSpec?
    /// Seconds one test may run; the agent stops it (and its batch) past that.
    public var testTimeout: Double?
    /// Seconds one batch may run.
    public var batchTimeout: Double?
    /// Each slot's TMPDIR on the host's RAM file system (/dev/shm) when it has room; false keeps them on disk.
    public var tmpfs = true
    /// Keep the per-worker test databases a run made (Django's) for the next run (`--keep-db`); false drops
    /// them when the agent's session ends.
    public var keepDatabases = false
    /// Measure coverage (pytest-cov): each batch writes data of its own for the controller to combine.
    public var coverage = false

    public init(
        name: String, executable: String, frameworkArgs: [String], environment: [String: String] = [:],
        warm: Bool = true, warmImports: [String] = [], command: CommandSpec? = nil,
        testTimeout: Double? = nil, batchTimeout: Double? = nil
    ) {
        self.testTimeout = testTimeout
        self.batchTimeout = batchTimeout
        self.command = command
        self.warm = warm
        self.warmImports = warmImports
        self.name = name
        self.executable = executable
        self.frameworkArgs = frameworkArgs
        self.environment = environment
    }

    private enum CodingKeys: String, CodingKey {
        case name, executable, frameworkArgs, environment, warm, warmImports, command, testTimeout, batchTimeout
        case tmpfs, keepDatabases, coverage
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        executable = try container.decode(String.self, forKey: .executable)
        frameworkArgs = try container.decode([String].self, forKey: .frameworkArgs)
        environment = try container.decodeIfPresent([String: String].self, forKey: .environment) ?? [:]
        warm = try container.decodeIfPresent(Bool.self, forKey: .warm) ?? false
        warmImports = try container.decodeIfPresent([String].self, forKey: .warmImports) ?? []
        command = try container.decodeIfPresent(CommandSpec.self, forKey: .command)
        testTimeout = try container.decodeIfPresent(Double.self, forKey: .testTimeout)
        batchTimeout = try container.decodeIfPresent(Double.self, forKey: .batchTimeout)
        tmpfs = try container.decodeIfPresent(Bool.self, forKey: .tmpfs) ?? true
        keepDatabases = try container.decodeIfPresent(Bool.self, forKey: .keepDatabases) ?? false
        coverage = try container.decodeIfPresent(Bool.self, forKey: .coverage) ?? false
    }
}
