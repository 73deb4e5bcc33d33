/// The cluster and noise a simulation runs with.
public struct SimulationSettings: Sendable, Equatable {
    public var hosts: Int
    public var slotsPerHost: Int
    /// Fixed cost of starting one batch (a framework process) or one worker, in seconds.
    public var batchOverhead: Double
    /// Actual test durations are drawn uniformly within +-noise of the expected ones (0.3 = +-30%).
    public var noise: Double
    public var seed: UInt64

    public init(hosts: Int, slotsPerHost: Int, batchOverhead: Double, noise: Double, seed: UInt64) {
        self.hosts = max(1, hosts)
        self.slotsPerHost = max(1, slotsPerHost)
        self.batchOverhead = max(0, batchOverhead)
        self.noise = min(max(0, noise), 0.95)
        self.seed = seed
    }

    public var totalSlots: Int { hosts * slotsPerHost }
}

/// How one strategy did on one suite.
public struct SimulationResult: Sendable, Equatable {
    public var strategy: SimulationStrategy
    public var makespan: Double
    /// max(total actual work / slots, longest actual test): no scheduler can beat it.
    public var lowerBound: Double
    /// Framework processes started (batches, or workers for static and xdist-style runs).
    public var processes: Int

    public var ratio: Double { lowerBound > 0 ? makespan / lowerBound : 1 }
}

/// The schedulers a simulation compares.
public enum SimulationStrategy: String, Sendable, CaseIterable {
    /// Fanout's real coordinator with history (expected durations known), oversized files split (`--split auto`).
    case fanout = "fanout"
    /// Fanout's real coordinator on a first run (no history).
    case fanoutNoHistory = "fanout, no history"
    /// Files dealt to slots in turn, no durations (naive static sharding).
    case roundRobin = "round-robin by file"
    /// pytest-xdist `--dist load`: tests in collection order, chunks shrinking as the queue drains, no durations.
    case xdistLoad = "xdist load chunks"
    /// pytest-split's least_duration: tests sorted by expected duration, each to the least loaded static group.
    case leastDuration = "least-duration split"
}
