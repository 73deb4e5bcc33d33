/// What the run's settings say about planning it: how many slots, which files split, stay together or run alone,
/// and which part of the suite this run takes (`--lf`, `--shard`, `--smoke`).
public struct PlanningSettings: Sendable {
    /// The key under which the history keeps the run's per-batch overhead: the adapter's name, told apart for
    /// warm and cold runs (`History.overheadKey`).
    public var adapter: String
    /// Slots across every host the run expects.
    public var slots: Int
    public var split: ScopeSplitter.Mode
    /// Files that run together on one slot, in order, and the marks whose files form further groups.
    public var pins: PinGroups
    public var pinMarkers: [String]
    /// Files that run alone across all slots, with their setup and teardown commands.
    public var isolation: [IsolationRule]
    /// Run only shard `index` of `count` (`--shard I/N`), of `shardPlan` when a plan file was given, else of the
    /// plan `fanout plan --shards N` would make.
    public var shard: (index: Int, count: Int)?
    public var shardPlan: ShardPlan?
    /// `--lf`, `--smoke N`, `--max-batch-files`.
    public var lastFailed: Bool
    public var smoke: Int?
    public var maxBatchFiles: Int?
    /// Per-batch overhead assumed while the history has none for the adapter (seconds).
    public var defaultBatchOverhead: Double
    /// `speculate`: every unit may run twice at once (a straggler's copy), or those whose files hold a test with
    /// one of `speculateMarkers`.
    public var speculateAll = false
    /// The hosts the run expects (`local` for a run without hosts), whose own per-batch overheads the history
    /// may know.
    public var hosts: [String] = []
    public var speculateMarkers: [String] = []

    public init(
        adapter: String, slots: Int, split: ScopeSplitter.Mode = .off, pins: PinGroups = PinGroups([]),
        pinMarkers: [String] = [], isolation: [IsolationRule] = [], shard: (index: Int, count: Int)? = nil,
        shardPlan: ShardPlan? = nil, lastFailed: Bool = false, smoke: Int? = nil, maxBatchFiles: Int? = nil,
        defaultBatchOverhead: Double = 0.5
    ) {
        self.adapter = adapter
        self.slots = slots
        self.split = split
        self.pins = pins
        self.pinMarkers = pinMarkers
        self.isolation = isolation
        self.shard = shard
        self.shardPlan = shardPlan
        self.lastFailed = lastFailed
        self.smoke = smoke
        self.maxBatchFiles = maxBatchFiles
        self.defaultBatchOverhead = defaultBatchOverhead
    }
}
