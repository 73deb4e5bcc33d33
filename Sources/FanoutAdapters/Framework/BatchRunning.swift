import FanoutCore

/// The agent's side of an adapter: start a batch, read its results, account for what it never reported.
public protocol BatchRunning: Sendable {
    var name: String { get }
    /// Writes support files (such as a plugin) into `supportDirectory` once per agent.
    func prepare(supportDirectory: String) throws
    func command(for batch: Batch, in context: SlotContext) -> BatchCommand
    /// Decodes one line of the result stream of `batch`; nil for a line that is not an event.
    func decode(line: [UInt8], batch: Batch) -> AdapterEvent?
    func finish(_ outcome: BatchProcessOutcome) -> BatchFinish
    /// Whether SIGUSR1 makes the test process print the stack of every thread (and keep running).
    var dumpsStacksOnSIGUSR1: Bool { get }
    /// Makes the workspace ready on this host before its first batch (a build); once per agent session.
    func prepareWorkspace(in context: SlotContext) throws
    /// How to start the slot's warm worker, which runs batches in forks of itself; nil when the adapter has
    /// none or the run asked for cold processes.
    func warmWorkerCommand(in context: SlotContext) -> BatchCommand?
    /// Undoes what the run's batches left on this host for later batches (Django's per-worker databases), once,
    /// when the agent's session ends; returns what the user should hear of a failure, nil when all went well.
    func finishSession(in context: SlotContext) -> String?
    /// Checks, once per agent session before any slot takes work, what every batch on this host needs (Django:
    /// that each test database server accepts the user); what it returns leaves the host out, as its reason.
    func preflight(in context: SlotContext) -> String?
    /// Whether `preflight` checks anything (the agent then warms the zygote meanwhile).
    var hasPreflight: Bool { get }
}

extension BatchRunning {
    public func warmWorkerCommand(in context: SlotContext) -> BatchCommand? { nil }
    public func prepareWorkspace(in context: SlotContext) throws {}
    public func finishSession(in context: SlotContext) -> String? { nil }
    public func preflight(in context: SlotContext) -> String? { nil }
    public var hasPreflight: Bool { false }
    public var dumpsStacksOnSIGUSR1: Bool { false }
}
