/// How one batch went, for reports and timelines.
public struct BatchRecord: Codable, Sendable, Equatable {
    public var id: Int
    public var worker: WorkerID
    public var scopes: [String]
    /// Wall-clock start, seconds since 1970.
    public var startedAt: Double
    /// Wall seconds from process start to exit.
    public var wall: Double
    /// Exit code of the framework process, when it exited normally.
    public var exitCode: Int32?
    /// Signal that ended the framework process, when one did.
    public var signal: Int32?
    /// For a speculative copy (`speculate`): the straggling batch whose work it ran again.
    public var copyOf: Int?
    /// For both batches of a straggler and its copy: whether this one's end counted (the other was stopped,
    /// or ended abnormally while this one ran on). Each test's `batch` says which one its result came from.
    public var counted: Bool?

    public init(
        id: Int, worker: WorkerID, scopes: [String], startedAt: Double, wall: Double, exitCode: Int32?,
        signal: Int32?, copyOf: Int? = nil, counted: Bool? = nil
    ) {
        self.copyOf = copyOf
        self.counted = counted
        self.id = id
        self.worker = worker
        self.scopes = scopes
        self.startedAt = startedAt
        self.wall = wall
        self.exitCode = exitCode
        self.signal = signal
    }
}
