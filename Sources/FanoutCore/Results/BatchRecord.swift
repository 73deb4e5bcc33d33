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

    public init(
        id: Int, worker: WorkerID, scopes: [String], startedAt: Double, wall: Double, exitCode: Int32?,
        signal: Int32?
    ) {
        self.id = id
        self.worker = worker
        self.scopes = scopes
        self.startedAt = startedAt
        self.wall = wall
        self.exitCode = exitCode
        self.signal = signal
    }
}
