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

    public init(
        batchID: Int, worker: WorkerID, startedAt: Double, wall: Double, exitCode: Int32? = 0,
        signal: Int32? = nil, cancelled: Bool = false, usageError: String? = nil
    ) {
        self.batchID = batchID
        self.worker = worker
        self.startedAt = startedAt
        self.wall = wall
        self.exitCode = exitCode
        self.signal = signal
        self.cancelled = cancelled
        self.usageError = usageError
    }
}
