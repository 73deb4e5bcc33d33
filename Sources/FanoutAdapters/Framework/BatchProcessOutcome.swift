import FanoutCore

/// How a batch's process went, as the agent saw it; input to the adapter's finishing step.
public struct BatchProcessOutcome: Sendable {
    public var batch: Batch
    public var worker: WorkerID
    public var exitCode: Int32?
    public var signal: Int32?
    /// Results the process reported.
    public var results: [TestResult]
    /// Tests that started and never finished (the process died or hung in them), with their scopes.
    public var unfinished: [(testID: String, scope: String, startedAt: Double)]
    /// The last part of the process's own output.
    public var outputTail: OutputTail
    public var cancelled: Bool
    /// The report file the batch's command wrote, if it writes one.
    public var resultFile: String?
    /// Set when the agent stopped the batch at a timeout.
    public var timedOut: BatchTimeoutWatch.Expiry?
    /// The runner's word that its session ended in order, for runners that give it.
    public var sessionEnd: SessionEnd?

    public init(
        batch: Batch, worker: WorkerID, exitCode: Int32?, signal: Int32?, results: [TestResult],
        unfinished: [(testID: String, scope: String, startedAt: Double)], outputTail: OutputTail, cancelled: Bool,
        resultFile: String? = nil, timedOut: BatchTimeoutWatch.Expiry? = nil, sessionEnd: SessionEnd? = nil
    ) {
        self.sessionEnd = sessionEnd
        self.timedOut = timedOut
        self.resultFile = resultFile
        self.batch = batch
        self.worker = worker
        self.exitCode = exitCode
        self.signal = signal
        self.results = results
        self.unfinished = unfinished
        self.outputTail = outputTail
        self.cancelled = cancelled
    }
}

/// What the adapter adds when a batch is over.
public struct BatchFinish: Sendable, Equatable {
    /// Results for tests and scopes the process never reported (a crash, an early exit).
    public var extraResults: [TestResult]
    /// Set when the framework rejected its invocation; the run stops with this message.
    public var usageError: String?
    /// Scopes whose unreported tests may not have run (the process ended abnormally).
    public var incomplete: [String]
    /// Scopes with tests the session chose not to run (it stopped early on its own: `-x`, failfast).
    public var notRun: [String]
    /// Tests that never started for a reason another result gives (a failed class fixture).
    public var explained: [String]

    public init(
        extraResults: [TestResult] = [], usageError: String? = nil, incomplete: [String] = [], notRun: [String] = [],
        explained: [String] = []
    ) {
        self.explained = explained
        self.notRun = notRun
        self.incomplete = incomplete
        self.extraResults = extraResults
        self.usageError = usageError
    }
}
