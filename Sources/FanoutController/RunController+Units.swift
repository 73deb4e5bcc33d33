import FanoutAdapters
import FanoutConfig
import FanoutCore
import Foundation

/// Turning weighed files into queue units: static shard plans, pin groups and splitting.
extension RunController {
    /// The units of one shard of a static plan (loaded, or computed as `fanout plan` would).
    func shardUnits(
        _ shard: (index: Int, count: Int), discovered: [DiscoveredScope], weighted: [WeightedScope], history: History,
        settings: FanoutSettings
    ) throws -> ([WeightedScope], [String]) {
        let planning = ShardPlanning(
            workspace: options.workspace, adapter: options.adapter.name, executable: options.adapter.executable,
            frameworkArgs: options.adapter.frameworkArgs, settings: settings)
        let plan =
            try options.planPath.map(ShardPlanning.load)
            ?? planning.plan(shards: shard.count, discovered: discovered, history: history)
        guard plan.shards.count == shard.count else {
            throw ControllerError(
                "the plan has \(plan.shards.count) shards but --shard asks for \(shard.index)/\(shard.count)")
        }
        let units = plan.units(forShard: shard.index, universe: weighted)
        let newFiles = units.filter { !plan.scopes.contains($0.id) }.count
        var notice =
            "shard \(shard.index)/\(shard.count) of a plan by \(plan.basis): \(Set(units.map(\.id)).count) files"
        if newFiles > 0 { notice += ", \(newFiles) of them new since the plan" }
        return (units, [notice])
    }

    /// The configured pin groups plus one group per pin marker (the files with tests carrying it).
    func pinGroups(scopes: [String]) throws -> (PinGroups, [String]) {
        guard !options.pinMarkers.isEmpty else { return (options.pins, []) }
        return try constraints.pinGroups(options.pins, markers: options.pinMarkers, scopes: scopes)
    }

    var constraints: ScopeConstraints { ScopeConstraints(workspace: options.workspace, adapter: options.adapter) }

    /// Replaces oversized scopes by test slices as `options.split` allows, collecting their test ids first.
    func split(_ weighted: [WeightedScope], history: History, slots: Int, policy: BatchPolicy) throws
        -> (units: [WeightedScope], notices: [String])
    {
        let splitter = ScopeSplitter(mode: options.split, slotCount: slots, minimumSliceSeconds: policy.minimumSeconds)
        let candidates = splitter.scopesToCollect(weighted)
        guard !candidates.isEmpty else { return (weighted, []) }
        let collected = try AdapterRegistry.collectTests(
            adapter: options.adapter.name, workspace: options.workspace, executable: options.adapter.executable,
            frameworkArgs: options.adapter.frameworkArgs, scopes: candidates)
        let expected = Dictionary(uniqueKeysWithValues: weighted.map { ($0.id, $0.expectedSeconds) })
        let tests = collected.mapValues { ids in
            ids.map { id in
                (
                    id: id,
                    seconds: history.tests[id]?.durations.expected
                        ?? (expected[id.components(separatedBy: "::")[0]] ?? 1) / Double(max(1, ids.count))
                )
            }
        }
        let units = splitter.split(weighted, tests: tests)
        let notices = candidates.compactMap { scope -> String? in
            let slices = units.filter { $0.id == scope && $0.tests != nil }.count
            return slices > 1
                ? "split \(scope) into \(slices) slices of its \(collected[scope]?.count ?? 0) tests" : nil
        }
        return (units, notices)
    }
}
