/// An agent's word that a batch is over.
public struct BatchCompletion: Codable, Sendable, Equatable {
    public var batchID: Int
    public var worker: WorkerID
    public var startedAt: Double
    public var wall: Double
    public var exitCode: Int32?
    public var signal: Int32?
    /// The batch was stopped by a cancel request; scopes without results did not run.
    public var cancelled: Bool
    /// The framework rejected its invocation (bad arguments or configuration): every batch would fail the
    /// same way, so the run stops with a usage error carrying this text.
    public var usageError: String?
    /// The test process ended abnormally (a crash, a kill): tests of these scopes it never reported may not
    /// have run, and go back to the queue instead of failing.
    public var incomplete: [String]
    /// Scopes with tests the framework chose not to run (its session stopped early on its own: `-x`).
    public var notRun: [String]
    /// The end of the process's output when it ended abnormally: why, for tests that end up not run.
    public var outputTail: String?
    /// Tests that never started for a reason another result of the batch gives (a failed class fixture).
    public var explained: [String]

    public init(
        batchID: Int, worker: WorkerID, startedAt: Double, wall: Double, exitCode: Int32? = 0,
        signal: Int32? = nil, cancelled: Bool = false, usageError: String? = nil, incomplete: [String] = [],
        notRun: [String] = [], outputTail: String? = nil, explained: [String] = []
    ) {
        self.explained = explained
        self.notRun = notRun
        self.outputTail = outputTail
        self.incomplete = incomplete
        self.batchID = batchID
        self.worker = worker
        self.startedAt = startedAt
        self.wall = wall
        self.exitCode = exitCode
        self.signal = signal
        self.cancelled = cancelled
        self.usageError = usageError
    }

    private enum CodingKeys: String, CodingKey {
        case batchID, worker, startedAt, wall, exitCode, signal, cancelled, usageError, incomplete, notRun, outputTail
        case explained
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        batchID = try container.decode(Int.self, forKey: .batchID)
        worker = try container.decode(WorkerID.self, forKey: .worker)
        startedAt = try container.decode(Double.self, forKey: .startedAt)
        wall = try container.decode(Double.self, forKey: .wall)
        exitCode = try container.decodeIfPresent(Int32.self, forKey: .exitCode)
        signal = try container.decodeIfPresent(Int32.self, forKey: .signal)
        cancelled = try container.decodeIfPresent(Bool.self, forKey: .cancelled) ?? false
        usageError = try container.decodeIfPresent(String.self, forKey: .usageError)
        incomplete = try container.decodeIfPresent([String].self, forKey: .incomplete) ?? []
        notRun = try container.decodeIfPresent([String].self, forKey: .notRun) ?? []
        outputTail = try container.decodeIfPresent(String.self, forKey: .outputTail)
        explained = try container.decodeIfPresent([String].self, forKey: .explained) ?? []
    }
}
