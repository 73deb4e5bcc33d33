import FanoutCore
import FanoutProtocol

/// Plans a run before any agent starts (for `fanout run` and `fanout run --list`): loads the history, discovers
/// the scopes, and runs the pure `RunPlanner`, answering its questions with the framework.
public enum RunPlanning {
    public static func plan(_ options: RunOptions) throws -> RunPlan {
        let framework = try WorkspaceFramework(options)
        let (history, historyNotice) = HistoryStore(workspace: options.workspace).load()
        let discovered = try framework.discover()
        func planned(warm: Bool, slots: Int?) throws -> RunPlan {
            var planner = RunPlanner(
                discovered: discovered, history: history, historyNotice: historyNotice,
                settings: try settings(options, warm: warm, slots: slots))
            return try framework.answer(&planner) { try $0.runPlan() }
        }
        let warm = framework.framework.hasWarmWorkers && options.adapter.warm
        var plan = try planned(warm: warm, slots: nil)
        let workerStart =
            history.batchOverhead[History.overheadKey(adapter: options.adapter.name, warm: false)]?.expected
            ?? RunController.defaultBatchOverhead(warm: false)
        if options.hosts.isEmpty, options.slots > 1 || warm, options.maxBatchFiles == nil,
            plan.fitsInOneProcess(below: workerStart)
        {
            let seconds = plan.queued.reduce(0) { $0 + $1.expectedSeconds }
            plan = try planned(warm: false, slots: 1)
            plan.singleProcess = true
            plan.notices.append(
                "the suite is expected to take \(NumberText.fixed(seconds, digits: 2)) s, less than starting a "
                    + "worker (\(NumberText.fixed(workerStart, digits: 2)) s): one process runs it all")
        }
        if !framework.framework.reportsTestsAsTheyRun && options.adapter.testTimeout != nil
            && options.adapter.batchTimeout == nil
        {
            plan.notices.append(
                "the \(options.adapter.name) adapter learns of tests only when its command ends, so a per-test "
                    + "timeout cannot stop one; set --batch-timeout (batch_timeout) to bound each batch")
        }
        return plan
    }

    /// The run's options as the planner reads them; a plan file given with `--plan` is loaded here.
    static func settings(_ options: RunOptions, warm: Bool, slots: Int? = nil) throws -> PlanningSettings {
        let plannedSlots =
            slots
            ?? (options.hosts.isEmpty ? options.slots : options.hosts.reduce(0) { $0 + ($1.slots ?? options.slots) })
        var settings = PlanningSettings(
            adapter: History.overheadKey(adapter: options.adapter.name, warm: warm), slots: plannedSlots,
            split: options.split, pins: options.pins,
            pinMarkers: options.pinMarkers, isolation: options.isolation, shard: options.shard,
            shardPlan: try options.planPath.map(ShardPlanning.load), lastFailed: options.lastFailed,
            smoke: options.smoke, maxBatchFiles: options.maxBatchFiles,
            defaultBatchOverhead: RunController.defaultBatchOverhead(warm: warm))
        settings.hosts = options.hosts.isEmpty ? ["local"] : options.hosts.map(\.label)
        settings.speculateAll = options.speculateAll
        settings.speculateMarkers = options.speculateMarkers
        return settings
    }
}

extension WorkspaceFramework {
    /// The run's framework, bound to its workspace and settings.
    public init(_ options: RunOptions) throws {
        try self.init(
            adapter: options.adapter, workspace: options.workspace, paths: options.paths, excludes: options.exclude)
    }
}
