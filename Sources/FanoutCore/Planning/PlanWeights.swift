/// Expected durations for planning: history where known (unknown files get the median); with no history at
/// all, file size (a kilobyte counts as a second) so big files still spread out.
public enum PlanWeights {
    public static func weigh(_ scopes: [DiscoveredScope], history: History) -> (scopes: [WeightedScope], basis: String)
    {
        if scopes.contains(where: { history.expectedSeconds(ofScope: $0.id) != nil }) {
            return (WorkEstimator(history: history).weigh(scopes), "history")
        }
        let weighted = scopes.map {
            WeightedScope(id: $0.id, expectedSeconds: max(0.001, Double($0.sizeBytes) / 1000), isKnown: false)
        }
        return (weighted, "file size")
    }

    /// Expected seconds of each test of a file: its own history, else an equal share of the file's estimate.
    public static func tests(_ ids: [String], scopeSeconds: Double, history: History) -> [(id: String, seconds: Double)]
    {
        ids.map { id in (id, history.tests[id]?.durations.expected ?? scopeSeconds / Double(max(1, ids.count))) }
    }
}

extension ShardPlan {
    /// The queue units of shard `index`: its items, plus files of `universe` the plan does not know (new files)
    /// that hash to this shard. Files the plan names that no longer exist are left out.
    public func units(forShard index: Int, universe: [WeightedScope]) -> [WeightedScope] {
        let weights = Dictionary(universe.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard let shard = shards.first(where: { $0.index == index }) else { return [] }
        var units: [WeightedScope] = shard.items.compactMap { item in
            guard let scope = weights[item.scope] else { return nil }
            guard let tests = item.tests else { return scope }
            return WeightedScope(
                id: scope.id, expectedSeconds: scope.expectedSeconds, isKnown: scope.isKnown, tests: tests)
        }
        let planned = scopes
        units += universe.filter { !planned.contains($0.id) && shardForNewScope($0.id) == index }
        return units.sorted {
            $0.expectedSeconds != $1.expectedSeconds ? $0.expectedSeconds > $1.expectedSeconds : $0.id < $1.id
        }
    }
}
