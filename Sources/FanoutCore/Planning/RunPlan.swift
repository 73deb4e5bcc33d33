/// Everything decided before the first agent starts: the files found, their weights, and the queue units
/// (smoke batch, regular units, isolated scopes) with the notices that explain them.
public struct RunPlan: Sendable {
    public var history: History
    public var historyNotice: String?
    /// Every file the adapter found (the test universe), whether or not this run runs it.
    public var discovered: [DiscoveredScope]
    public var policy: BatchPolicy
    /// Units for the shared queue, longest first.
    public var queued: [WeightedScope]
    /// Units of the smoke batch (`--smoke`).
    public var smoke: [WeightedScope]
    public var isolated: [IsolatedScope]
    /// Isolation rules with their marks resolved, for the setup and teardown commands.
    public var isolationRules: [IsolationRule]
    public var notices: [String]
    /// Files this run runs only in part (shard slices, `--lf`): their file durations are not recorded.
    public var partialScopes: Set<String>
    /// The history key the run's per-batch overheads are learned under (`History.overheadKey`).
    public var overheadKey: String

    /// For a `--shard I/N` run: what its report says of the shard.
    public var shard: ReportShard?

    /// The run is planned for one process on one slot, cold (`fitsInOneProcess`).
    public var singleProcess = false

    /// Whether the whole run is known to take less than `seconds` (what starting one more worker costs): every
    /// unit's duration comes from history, and nothing needs a batch of its own (isolated files, a smoke batch).
    /// Then parallel slots can only lose: they pay their warm-up before the first test, on cores the run shares.
    public func fitsInOneProcess(below seconds: Double) -> Bool {
        guard smoke.isEmpty, isolated.isEmpty, !queued.isEmpty, queued.count <= policy.maxScopesPerBatch,
            queued.allSatisfy(\.isKnown)
        else { return false }
        return queued.reduce(0) { $0 + $1.expectedSeconds } < seconds
    }

    /// Every unit the run will hand out.
    public var allUnits: [WeightedScope] { smoke + queued + isolated.flatMap(\.units) }
}
