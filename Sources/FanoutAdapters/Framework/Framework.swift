import FanoutCore

/// One test framework Fanout runs. Each lives in a folder of its own under FanoutAdapters and is registered by one
/// line in `Frameworks.all`.
///
/// The controller's half finds a workspace's scopes (files, classes) and, where the framework can, their tests;
/// the agent's half (`runner`) starts a batch and reads its results. Only the framework knows its id format.
public protocol Framework: Sendable {
    /// The name users configure: `adapter = "pytest"`, `--adapter pytest`.
    var name: String { get }
    /// How its test ids are formed.
    var ids: any TestIDFormat { get }
    /// How sure the framework is that `workspace` is its own, for a run that names no adapter; cheap.
    func claim(_ workspace: String) -> WorkspaceClaim
    /// Whether the framework can run a workspace that no framework claims (it has Python files); may walk it.
    func canRunUnclaimed(_ workspace: String) -> Bool
    /// The workspace's scopes, in a stable order.
    func discover(_ request: DiscoveryRequest) throws -> [DiscoveredScope]
    /// Whether `collectTests` can list the tests of a scope (the command adapter only knows its scopes).
    var collectsTests: Bool { get }
    /// The test ids of `request.scopes`, in collection order; a scope that fails to collect is left out (its
    /// batch reports why).
    func collectTests(_ request: CollectionRequest) throws -> [String: [String]]
    /// The scopes among `request.scopes` holding a test that carries `marker` (pytest's marks).
    func scopes(marked marker: String, _ request: CollectionRequest) throws -> [String]
    /// The agent's half. Throws, saying what to configure, when the run lacks what it needs (the command
    /// adapter's `[command]`); the controller asks once before a run starts.
    func runner() throws -> any BatchRunning
    /// Whether results arrive test by test while a batch runs, so that a per-test timeout can stop one test (the
    /// command adapter learns of tests only when its command ends).
    var reportsTestsAsTheyRun: Bool { get }
    /// Whether its batches can run in forks of a warm worker per slot, whose per-batch cost is a fraction of a
    /// cold start's (the history keeps the two apart).
    var hasWarmWorkers: Bool { get }
}

extension Framework {
    public func canRunUnclaimed(_ workspace: String) -> Bool { false }

    public var collectsTests: Bool { true }

    public func scopes(marked marker: String, _ request: CollectionRequest) throws -> [String] {
        throw DiscoveryError("adapter '\(name)' has no marks to select tests by (marker '\(marker)')")
    }

    public var reportsTestsAsTheyRun: Bool { true }

    public var hasWarmWorkers: Bool { false }
}
