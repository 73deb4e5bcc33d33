/// The merged result of a whole run: what every reporter writes out at the end.
///
/// Its JSON form is the `--json` report; docs/report-schema.md documents it.
public struct RunReport: Codable, Sendable, Equatable {
    public static let schemaVersion = 1

    public var schemaVersion: Int
    public var runID: String
    public var adapter: String
    public var workspace: String
    /// Seconds since 1970.
    public var startedAt: Double
    /// Wall seconds from start to report.
    public var duration: Double
    public var exitCode: ExitCode
    public var interrupted: Bool
    /// Run-level problems (a lost host, a usage error), in the order they happened.
    public var problems: [String]
    public var workers: [WorkerID]
    public var counts: OutcomeCounts
    /// Every scope of the universe that ran, in universe order.
    public var scopes: [ScopeReport]
    /// Scopes that never ran (interrupt or abort).
    public var notRun: [String]
    /// Every test with its one final outcome, in the order results arrived.
    public var tests: [TestResult]
    public var batches: [BatchRecord]
    /// For a `--shard I/N` run, which shard of which plan it ran; nil otherwise.
    public var shard: ReportShard?

    public init(
        runID: String, adapter: String, workspace: String, startedAt: Double, duration: Double,
        exitCode: ExitCode, interrupted: Bool, problems: [String], workers: [WorkerID], counts: OutcomeCounts,
        scopes: [ScopeReport], notRun: [String], tests: [TestResult], batches: [BatchRecord],
        shard: ReportShard? = nil
    ) {
        self.schemaVersion = Self.schemaVersion
        self.runID = runID
        self.adapter = adapter
        self.workspace = workspace
        self.startedAt = startedAt
        self.duration = duration
        self.exitCode = exitCode
        self.interrupted = interrupted
        self.problems = problems
        self.workers = workers
        self.counts = counts
        self.scopes = scopes
        self.notRun = notRun
        self.tests = tests
        self.batches = batches
        self.shard = shard
    }

    /// Tests that failed or errored, in arrival order.
    public var failures: [TestResult] { tests.filter { $0.outcome.isFailure } }
}
