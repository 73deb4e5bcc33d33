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

    /// Every unit the run will hand out.
    public var allUnits: [WeightedScope] { smoke + queued + isolated.flatMap(\.units) }
}
