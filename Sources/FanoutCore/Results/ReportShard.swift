/// What a `--shard I/N` run's report says about the shard, so that `fanout report merge` can tell whether the
/// shards' reports together cover the suite exactly once.
public struct ReportShard: Codable, Sendable, Equatable {
    /// One-based, as in `--shard 2/4`.
    public var index: Int
    public var count: Int
    /// `ShardPlan.digest` of the plan the shard took its part of: shards that computed different plans (each CI
    /// job from its own history) may have run a file twice or not at all.
    public var plan: String
    /// Every file of the suite as this shard found it, whichever shard runs it.
    public var suite: [String]
    /// The tests of the files this shard ran only in part (a plan can cut a long file between shards).
    public var slicedTests: [String]

    public init(index: Int, count: Int, plan: String, suite: [String], slicedTests: [String]) {
        self.index = index
        self.count = count
        self.plan = plan
        self.suite = suite
        self.slicedTests = slicedTests
    }

    /// `index/count`, as the user typed it.
    public var label: String { "\(index)/\(count)" }
}
