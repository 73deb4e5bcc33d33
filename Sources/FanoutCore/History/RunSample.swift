/// One run as the history keeps it, for the trend `fanout history show` prints.
public struct RunSample: Codable, Sendable, Equatable {
    /// How many runs the history keeps.
    public static let capacity = 100

    /// Seconds since 1970.
    public var startedAt: Double
    /// Wall seconds.
    public var wall: Double
    public var tests: Int
    public var failures: Int
    public var slots: Int
    /// Whether it ran the whole suite, not a shard or `--lf`, so that its wall time compares with the others'.
    public var whole: Bool

    public init(startedAt: Double, wall: Double, tests: Int, failures: Int, slots: Int, whole: Bool) {
        self.startedAt = startedAt
        self.wall = wall
        self.tests = tests
        self.failures = failures
        self.slots = slots
        self.whole = whole
    }

    /// The sample of a finished run.
    public init(_ report: RunReport, whole: Bool) {
        self.init(
            startedAt: report.startedAt, wall: report.duration, tests: report.counts.total,
            failures: report.counts.failures, slots: report.workers.count, whole: whole)
    }
}
