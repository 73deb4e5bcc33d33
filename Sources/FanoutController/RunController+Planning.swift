import FanoutAdapters
import FanoutConfig
import FanoutCore

extension RunController {
    /// Discovers and weighs the files, then cuts the queue units as the options ask: `--lf`, a shard of a
    /// static plan, isolated scopes, pin groups, splitting and the smoke batch.
    public func makePlan() throws -> RunPlan {
        let (history, historyNotice) = HistoryStore(workspace: options.workspace).load()
        let settings = FanoutSettings(
            paths: options.paths, exclude: options.exclude, args: options.adapter.frameworkArgs)
        let scopes = try AdapterRegistry.discover(
            adapter: options.adapter.name, workspace: options.workspace, settings: settings,
            command: options.adapter.command)
        let estimator = WorkEstimator(history: history)
        var weighted = estimator.weigh(scopes)
        var partialScopes: Set<String> = []
        var lastFailedNotices: [String] = []
        if options.lastFailed {
            let selection = LastFailedSelection(history: history, universe: Set(weighted.map(\.id)))
            if selection.isEmpty {
                lastFailedNotices.append("--lf: no failures in the history; running every test")
            } else {
                weighted = selection.apply(to: weighted, history: history)
                partialScopes = Set(weighted.filter { $0.tests != nil }.map(\.id))
                lastFailedNotices.append("--lf: running the \(selection.count) tests and files that failed last time")
            }
        }
        let plannedSlots =
            options.hosts.isEmpty ? options.slots : options.hosts.reduce(0) { $0 + ($1.slots ?? options.slots) }
        let policy = BatchPolicy(
            slotCount: plannedSlots,
            perBatchOverhead: estimator.batchOverhead(adapter: options.adapter.name) ?? Self.defaultBatchOverhead,
            maxScopesPerBatch: options.maxBatchFiles ?? BatchPolicy.defaultMaxScopesPerBatch,
            totalSeconds: weighted.reduce(0) { $0 + $1.expectedSeconds },
            durationsKnown: weighted.contains(where: \.isKnown))
        let (units, splitNotices): ([WeightedScope], [String])
        let isolated: [IsolatedScope]
        let isolationRules: [IsolationRule]
        if let shard = options.shard {
            let (shardUnits, shardNotices) = try shardUnits(
                shard, discovered: scopes, weighted: weighted, history: history, settings: settings)
            partialScopes.formUnion(shardUnits.filter { $0.tests != nil }.map(\.id))
            let isolation = try isolate(shardUnits, history: history, slots: plannedSlots)
            (isolated, isolationRules) = (isolation.isolated, isolation.rules)
            let whole = isolation.regular.filter { $0.tests == nil }
            let (pins, pinNotices) = try pinGroups(scopes: whole.map(\.id))
            units = (pins.apply(whole) + isolation.regular.filter { $0.tests != nil }).sorted {
                $0.expectedSeconds > $1.expectedSeconds
            }
            splitNotices = shardNotices + isolation.notices + pinNotices
        } else {
            let isolation = try isolate(weighted, history: history, slots: plannedSlots)
            (isolated, isolationRules) = (isolation.isolated, isolation.rules)
            let (pins, pinNotices) = try pinGroups(scopes: isolation.regular.map(\.id))
            let (splitUnits, notices) = try split(
                pins.apply(isolation.regular), history: history, slots: plannedSlots, policy: policy)
            (units, splitNotices) = (splitUnits, isolation.notices + pinNotices + notices)
        }
        var queued = units
        var smokeUnits: [WeightedScope] = []
        var notices = lastFailedNotices + splitNotices
        if options.adapter.name == "command" && options.adapter.testTimeout != nil
            && options.adapter.batchTimeout == nil
        {
            notices.append(
                "the command adapter learns of tests only when its command ends, so a per-test timeout cannot stop "
                    + "one; set --batch-timeout (batch_timeout) to bound each batch")
        }
        if let count = options.smoke {
            // Only whole, unpinned files can give up a test to the smoke batch without running it twice.
            let wholeFiles = Set(units.filter { $0.tests == nil && $0.members == nil }.map(\.id))
            let selection = SmokeSelection(count: count, history: history, universe: wholeFiles)
            if selection.count == 0 {
                notices.append("--smoke: no passing tests in the history yet; smoke tests start with the next run")
            } else {
                (smokeUnits, queued) = selection.apply(to: units)
                notices.append("smoke: \(selection.count) fast tests run first")
            }
        }
        return RunPlan(
            history: history, historyNotice: historyNotice, discovered: scopes, policy: policy, queued: queued,
            smoke: smokeUnits, isolated: isolated, isolationRules: isolationRules, notices: notices,
            partialScopes: partialScopes)
    }
}
