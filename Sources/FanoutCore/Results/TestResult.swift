/// Everything Fanout knows about one finished test.
public struct TestResult: Codable, Sendable, Equatable {
    /// The framework's own test id, byte for byte (`tests/test_x.py::TestA::test_b[a b]`).
    public var id: String
    /// The scope (file) the test belongs to, relative to the workspace root.
    public var scope: String
    public var outcome: Outcome
    /// Seconds spent in setup, call and teardown together.
    public var duration: Double
    /// Wall-clock start, seconds since 1970, when known.
    public var startedAt: Double?
    /// One line: the failure's exception message, or the skip or xfail reason.
    public var message: String?
    /// Full failure text (traceback), bounded in size.
    public var details: String?
    /// How many failures unittest recorded for the test, each failing subtest one (regrtest's totals count
    /// these); nil when none, or when the framework does not count them.
    public var failureCount: Int?
    /// Captured standard output, bounded in size.
    public var stdout: String?
    /// Captured standard error, bounded in size.
    public var stderr: String?
    /// The slot that ran the test; set by the agent.
    public var worker: WorkerID?
    /// The batch that carried the test; set by the agent.
    public var batch: Int?
    /// Earlier attempts that failed (`--retries`), oldest first. A test that passed after failing is flaky.
    public var previousAttempts: [TestResult]?
    /// The test process ended while this test ran: it crashed, or was stopped at a timeout. Nil means no.
    /// A retry of such a test runs alone, so it cannot take tests that have not run yet down with it.
    public var endedItsProcess: Bool?
    /// Fanout's own result for a test (or a whole file) that never reported: its process ended twice before it
    /// did, or its host could not prepare or start it. Its zero duration says nothing of what it costs to run.
    public var neverRan: Bool?

    /// Passed (or skipped) after failing at least once.
    public var isFlaky: Bool { !outcome.isFailure && !(previousAttempts ?? []).isEmpty }

    public init(
        id: String, scope: String, outcome: Outcome, duration: Double = 0, startedAt: Double? = nil,
        message: String? = nil, details: String? = nil, stdout: String? = nil, stderr: String? = nil,
        worker: WorkerID? = nil, batch: Int? = nil
    ) {
        self.id = id
        self.scope = scope
        self.outcome = outcome
        self.duration = duration
        self.startedAt = startedAt
        self.message = message
        self.details = details
        self.stdout = stdout
        self.stderr = stderr
        self.worker = worker
        self.batch = batch
    }
}
