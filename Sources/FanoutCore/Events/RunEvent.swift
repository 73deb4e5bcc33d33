/// The one stream of events that describes a run; every reporter and the history consume it.
public enum RunEvent: Sendable, Equatable {
    /// The run begins: how many scopes it has.
    case started(runID: String, adapter: String, scopeCount: Int, at: Double)
    /// A host's agent said hello and its slots take work.
    case hostJoined(host: String, workers: [WorkerID])
    /// A host that was expected will not join (it could not be reached, set up or started).
    case hostUnavailable(host: String, reason: String)
    /// A joined host is gone; what it had in flight runs again elsewhere.
    case hostLost(host: String, reason: String)
    case batchStarted(Batch, worker: WorkerID)
    /// Batch `of`, running on `running`, straggles far past its expected time: `copy` runs the same work on
    /// `worker`, which had none left (`speculate`). The first copy to end cleanly counts.
    case copyStarted(of: Int, running: WorkerID, copy: Batch, worker: WorkerID)
    /// A batch ended; `overhead` is what it cost beyond its tests' own time (nil when it was cut short).
    case batchFinished(BatchRecord, overhead: Double?)
    case testStarted(testID: String, scope: String, worker: WorkerID, at: Double)
    case testFinished(TestResult)
    /// A failed test runs again (`--retries`): `attempt` of `attempts` in all.
    case retryScheduled(TestResult, attempt: Int, attempts: Int)
    /// A test process ended abnormally; the unreported tests of these units (scope ids, or `pin:N`) run again.
    case requeued(units: [String])
    /// These tests will not run again: their unit kept ending its test process or losing hosts. Each also ends
    /// with an error result saying so.
    case quarantined(testIDs: [String], reason: String)
    /// An isolated scope moved on: its setup or teardown started or ended.
    case isolation(scope: String, step: IsolationStep)
    /// The run stops before its end; what has not run is reported not run.
    case stopping(StopReason)
    /// A scope is complete; `finished` never exceeds `total`.
    case scopeFinished(ScopeReport, finished: Int, total: Int)
    /// Something the user should know that no other case says (a plan's notes, a host's setup).
    case notice(String)
    /// The plan's expected seconds of test time per scope, for the scopes history knows: what an ETA is made of.
    case planned(expectedSeconds: [String: Double])
    /// Time passed (about once a second while the run goes on), for live displays.
    case tick(at: Double)
    case finished(RunReport)
}
