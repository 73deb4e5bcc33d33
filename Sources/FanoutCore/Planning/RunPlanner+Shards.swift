/// Static shard plans for CI matrices (`fanout plan --shards N`, and `fanout run --shard I/N` without a plan file).
extension RunPlanner {
    func makeShardPlan(_ count: Int) throws -> ShardPlan {
        let (scopes, basis) = PlanWeights.weigh(discovered, history: history)
        let (groups, keepWhole) = try wholeAndTogether(scopes.map(\.id))
        let planner = ShardPlanner(shardCount: count, groups: groups, keepWhole: keepWhole)
        let collected = try tests(of: planner.scopesToSplit(scopes))
        let expected = Dictionary(scopes.map { ($0.id, $0.expectedSeconds) }, uniquingKeysWith: { first, _ in first })
        var tests: [String: [(id: String, seconds: Double)]] = [:]
        for (scope, ids) in collected {
            tests[scope] = PlanWeights.tests(ids, scopeSeconds: expected[scope] ?? 1, history: history)
        }
        return try planner.plan(scopes, tests: tests, basis: basis)
    }

    /// Pin groups (one shard each) and the files never planned test by test: pinned and isolated ones, whose setup
    /// and teardown must run once, in one shard.
    func wholeAndTogether(_ scopes: [String]) throws -> (groups: [[String]], keepWhole: Set<String>) {
        let (pins, _) = try pinGroups(scopes: scopes)
        var groups: [Int: [String]] = [:]
        for scope in scopes { if let group = pins.group(of: scope) { groups[group, default: []].append(scope) } }
        let isolated = Set(try isolationRules(among: scopes).isolatedScopes(among: scopes))
        let pinned = groups.sorted { $0.key < $1.key }.map { $0.value.filter { !isolated.contains($0) } }
        return (pinned, isolated)
    }
}
