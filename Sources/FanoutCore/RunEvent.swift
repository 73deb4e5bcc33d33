/// The one stream of events that describes a run; every reporter consumes it.
public enum RunEvent: Sendable, Equatable {
    /// The run begins: how many scopes it has and how the work is laid out.
    case started(runID: String, adapter: String, scopeCount: Int, at: Double)
    /// A host's agent joined with its slots.
    case workersJoined(host: String, workers: [WorkerID])
    case batchStarted(Batch, worker: WorkerID)
    case testStarted(testID: String, scope: String, worker: WorkerID, at: Double)
    case testFinished(TestResult)
    /// A scope is complete; `finished` never exceeds `total`.
    case scopeFinished(ScopeReport, finished: Int, total: Int)
    /// Something the user should know that is not a test result.
    case notice(String)
    case finished(RunReport)
}
