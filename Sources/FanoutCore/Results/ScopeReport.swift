/// The summary of one scope: its tests are counted, never its batches or slices.
public struct ScopeReport: Codable, Sendable, Equatable {
    public var id: String
    public var counts: OutcomeCounts
    /// Sum of its tests' durations in seconds.
    public var duration: Double
    /// Slots that ran its tests.
    public var workers: [WorkerID]

    public init(id: String, counts: OutcomeCounts, duration: Double, workers: [WorkerID]) {
        self.id = id
        self.counts = counts
        self.duration = duration
        self.workers = workers
    }
}
