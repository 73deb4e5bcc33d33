/// A command every slot runs once before its first batch (`[[worker_setup]]`), with the environment that slot's
/// tests get (`FANOUT_WORKER`, `TMPDIR`, the run's `--env`), and an optional teardown it runs after its last one:
/// a database or a server of the slot's own, a scratch directory.
public struct WorkerSetupCommand: Codable, Sendable, Equatable {
    /// The setup's argv (no shell), run in the host's workspace.
    public var run: [String]
    /// The argv run at the end of the run in every slot whose `run` succeeded; empty for none.
    public var teardown: [String]

    public init(run: [String], teardown: [String] = []) {
        self.run = run
        self.teardown = teardown
    }
}
