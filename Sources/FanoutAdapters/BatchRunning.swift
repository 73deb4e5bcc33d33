import FanoutCore

/// The agent's side of an adapter: start a batch, read its results, account for what it never reported.
public protocol BatchRunning: Sendable {
    var name: String { get }
    /// Writes support files (such as a plugin) into `supportDirectory` once per agent.
    func prepare(supportDirectory: String) throws
    func command(for batch: Batch, in context: SlotContext) -> BatchCommand
    /// Decodes one line of the result stream; nil for a line that is not an event.
    func decode(line: [UInt8]) -> AdapterEvent?
    func finish(_ outcome: BatchProcessOutcome) -> BatchFinish
    /// How to start the slot's warm worker, which runs batches in forks of itself; nil when the adapter has
    /// none or the run asked for cold processes.
    func warmWorkerCommand(in context: SlotContext) -> BatchCommand?
}

extension BatchRunning {
    public func warmWorkerCommand(in context: SlotContext) -> BatchCommand? { nil }
}
