/// The run's own plan: weigh the files, take this run's part (`--lf`, a shard), set the isolated files apart, pin
/// groups together, split what is too long for one slot, and pick the smoke batch.
extension RunPlanner {
    func makeRunPlan() throws -> RunPlan {
        let estimator = WorkEstimator(history: history)
        let (weighted, partialFromLastFailed, lastFailedNotices) = lastFailed(estimator.weigh(discovered))
        var policy = BatchPolicy(
            slotCount: settings.slots,
            perBatchOverhead: estimator.batchOverhead(adapter: settings.adapter) ?? settings.defaultBatchOverhead,
            maxScopesPerBatch: settings.maxBatchFiles ?? BatchPolicy.defaultMaxScopesPerBatch,
            totalSeconds: weighted.reduce(0) { $0 + $1.expectedSeconds },
            durationsKnown: weighted.contains(where: \.isKnown))
        for host in settings.hosts {
            policy.hostOverheads[host] = estimator.batchOverhead(
                adapter: History.overheadKey(settings.adapter, host: host))
        }
        var partialScopes = partialFromLastFailed
        let units: Units
        if let shard = settings.shard {
            units = try shardUnits(shard, weighted: weighted)
            partialScopes.formUnion(units.partial)
        } else {
            units = try wholeSuiteUnits(weighted, policy: policy)
        }
        var notices = lastFailedNotices + units.notices
        var queued = try allowingCopies(units.queued)
        var smoke: [WeightedScope] = []
        if let count = settings.smoke {
            // Only whole, unpinned files can give up a test to the smoke batch without running it twice.
            let wholeFiles = Set(units.queued.filter { $0.tests == nil && $0.members == nil }.map(\.id))
            let selection = SmokeSelection(count: count, history: history, universe: wholeFiles)
            if selection.count == 0 {
                notices.append("--smoke: no passing tests in the history yet; smoke tests start with the next run")
            } else {
                (smoke, queued) = selection.apply(to: units.queued)
                notices.append("smoke: \(selection.count) fast tests run first")
            }
        }
        return RunPlan(
            history: history, historyNotice: historyNotice, discovered: discovered, policy: policy, queued: queued,
            smoke: smoke, isolated: units.isolated, isolationRules: units.rules, notices: notices,
            partialScopes: partialScopes, overheadKey: settings.adapter, shard: units.shard)
    }

    /// `speculate`: marks the units that may run twice at once: all, or those whose files all hold a test with
    /// one of `speculate_markers`.
    func allowingCopies(_ units: [WeightedScope]) throws -> [WeightedScope] {
        guard settings.speculateAll || !settings.speculateMarkers.isEmpty else { return units }
        var marked: Set<String>?
        if !settings.speculateAll {
            let scopes = Array(Set(units.flatMap(\.scopeIDs))).sorted()
            var found = Set<String>()
            for marker in settings.speculateMarkers { found.formUnion(try self.scopes(marked: marker, among: scopes)) }
            marked = found
        }
        return units.map { unit in
            var unit = unit
            unit.mayRunTwice = marked.map { unit.scopeIDs.allSatisfy($0.contains) } ?? true
            return unit
        }
    }

    /// The queue's units before the smoke batch, with what explains them.
    struct Units {
        var queued: [WeightedScope]
        var isolated: [IsolatedScope]
        var rules: [IsolationRule]
        var notices: [String]
        /// Files run only in part (slices of a shard plan).
        var partial: Set<String> = []
        var shard: ReportShard?
    }

    /// `--lf`: only what failed last time, when the history has failures.
    func lastFailed(_ weighted: [WeightedScope]) -> (units: [WeightedScope], partial: Set<String>, notices: [String]) {
        guard settings.lastFailed else { return (weighted, [], []) }
        let selection = LastFailedSelection(history: history, universe: Set(weighted.map(\.id)))
        if selection.isEmpty { return (weighted, [], ["--lf: no failures in the history; running every test"]) }
        let units = selection.apply(to: weighted, history: history)
        return (
            units, Set(units.filter { $0.tests != nil }.map(\.id)),
            ["--lf: running the \(selection.count) tests and files that failed last time"]
        )
    }

    /// Every file of the suite: isolated ones apart, pin groups as one unit each, long files split.
    func wholeSuiteUnits(_ weighted: [WeightedScope], policy: BatchPolicy) throws -> Units {
        let isolation = try isolate(weighted)
        let (pins, pinNotices) = try pinGroups(scopes: isolation.regular.map(\.id))
        let (units, splitNotices) = try split(pins.apply(isolation.regular), policy: policy)
        return Units(
            queued: units, isolated: isolation.isolated, rules: isolation.rules,
            notices: isolation.notices + pinNotices + splitNotices)
    }

    /// Shard `index` of `count`: its items of the plan (given, or made as `fanout plan` makes it), isolated files
    /// apart, its whole files pinned as configured; its slices stay as the plan cut them.
    func shardUnits(_ shard: (index: Int, count: Int), weighted: [WeightedScope]) throws -> Units {
        let plan = try settings.shardPlan ?? makeShardPlan(shard.count)
        guard plan.shards.count == shard.count else {
            throw PlanError(
                "the plan has \(plan.shards.count) shards but --shard asks for \(shard.index)/\(shard.count)")
        }
        let shardUnits = plan.units(forShard: shard.index, universe: weighted)
        let newFiles = shardUnits.filter { !plan.scopes.contains($0.id) }.count
        var notice =
            "shard \(shard.index)/\(shard.count) of a plan by \(plan.basis): \(Set(shardUnits.map(\.id)).count) files"
        if newFiles > 0 { notice += ", \(newFiles) of them new since the plan" }
        let isolation = try isolate(shardUnits)
        let whole = isolation.regular.filter { $0.tests == nil }
        let (pins, pinNotices) = try pinGroups(scopes: whole.map(\.id))
        let queued = (pins.apply(whole) + isolation.regular.filter { $0.tests != nil }).sorted {
            $0.expectedSeconds > $1.expectedSeconds
        }
        return Units(
            queued: queued, isolated: isolation.isolated, rules: isolation.rules,
            notices: [notice] + isolation.notices + pinNotices,
            partial: Set(shardUnits.filter { $0.tests != nil }.map(\.id)),
            shard: ReportShard(
                index: shard.index, count: shard.count, plan: plan.digest, suite: weighted.map(\.id),
                slicedTests: shardUnits.flatMap { $0.tests ?? [] }))
    }
}
