import FanoutCore
import Testing

/// The one planner behind `fanout run`, `--list`, `fanout plan` and `fanout simulate`: what it asks the framework,
/// and the plan it makes from the answers.
@Suite struct RunPlannerTests {
    /// Plays the framework: answers every question from `tests` (scope to test ids) and `marks` (mark to scopes),
    /// recording the questions asked.
    struct FakeFramework {
        var tests: [String: [String]] = [:]
        var marks: [String: Set<String>] = [:]
        var asked: [PlanningQuestion] = []

        mutating func answer<Result>(
            _ planner: inout RunPlanner, until step: (RunPlanner) throws -> PlanningStep<Result>
        ) throws -> Result {
            while true {
                switch try step(planner) {
                case .ready(let result): return result
                case .ask(let question):
                    asked.append(question)
                    #expect(asked.count < 20, "the planner keeps asking")
                    switch question {
                    case .tests(let scopes):
                        planner.answer(tests: tests.filter { scopes.contains($0.key) }, of: scopes)
                    case .marked(let marker, let scopes):
                        planner.answer(
                            marked: marker, among: scopes, found: scopes.filter { marks[marker]?.contains($0) ?? false }
                        )
                    }
                }
            }
        }
    }

    func history(_ seconds: [String: Double], tests: [String: (String, Double, Outcome)] = [:]) -> History {
        var history = History(scopes: seconds.mapValues { DurationSamples([$0]) })
        for (id, (scope, duration, outcome)) in tests {
            history.tests[id] = History.TestRecord(
                scope: scope, durations: DurationSamples([duration]), lastOutcome: outcome)
        }
        return history
    }

    let files = ["a.py", "b.py", "c.py", "d.py"].map { DiscoveredScope(id: $0, sizeBytes: 100) }

    @Test func aPlainRunAsksNothingAndQueuesEveryFileLongestFirst() throws {
        let planner = RunPlanner(
            discovered: files, history: history(["a.py": 1, "b.py": 4, "c.py": 2, "d.py": 3]),
            settings: PlanningSettings(adapter: "pytest", slots: 2))
        guard case .ready(let plan) = try planner.runPlan() else {
            Issue.record("a plain run needs no answers")
            return
        }
        #expect(plan.queued.map(\.id) == ["b.py", "d.py", "c.py", "a.py"])
        #expect(plan.policy.slotCount == 2)
        #expect(plan.smoke.isEmpty && plan.isolated.isEmpty && plan.notices.isEmpty)
    }

    @Test func warmAndColdRunsSizeBatchesByTheirOwnOverheadOnly() throws {
        var known = history(["a.py": 1, "b.py": 4, "c.py": 2, "d.py": 3])
        known.batchOverhead[History.overheadKey(adapter: "pytest", warm: false)] = DurationSamples([0.8])
        known.batchOverhead[History.overheadKey(adapter: "pytest", warm: true)] = DurationSamples([0.02])
        for (warm, expected) in [(true, 0.02), (false, 0.8)] {
            let key = History.overheadKey(adapter: "pytest", warm: warm)
            let planner = RunPlanner(
                discovered: files, history: known, settings: PlanningSettings(adapter: key, slots: 2))
            guard case .ready(let plan) = try planner.runPlan() else {
                Issue.record("a plain run needs no answers")
                return
            }
            #expect(plan.policy.perBatchOverhead == expected)
            #expect(plan.overheadKey == key)
        }
        let neverWarm = RunPlanner(
            discovered: files, history: history(["a.py": 1]),
            settings: PlanningSettings(
                adapter: History.overheadKey(adapter: "pytest", warm: true), slots: 2, defaultBatchOverhead: 0.5))
        guard case .ready(let plan) = try neverWarm.runPlan() else { return }
        #expect(plan.policy.perBatchOverhead == 0.5, "no warm samples yet: the default, not the cold samples")
    }

    @Test func eachHostsBatchesWeighItsOwnOverheadAndBatchesOfItsRunLearnIt() throws {
        let key = History.overheadKey(adapter: "pytest", warm: true)
        var recording = HistoryRecording(universe: ["a.py"], partialScopes: [], overheadKey: key)
        // Each slot's first batch also paid the slot's start: the later ones are what a batch costs.
        // A host whose slot ran one batch has only that first one to learn from.
        let batches = [("slow", 5.0), ("fast", 3.0), ("slow", 0.9), ("fast", 0.01), ("slow", 1.1), ("once", 0.7)]
        for (host, overhead) in batches {
            let record = BatchRecord(
                id: 1, worker: WorkerID(host: host, slot: 1), scopes: ["a.py"], startedAt: 0, wall: 1, exitCode: 0,
                signal: nil)
            _ = recording.handle(.batchFinished(record, overhead: overhead))
        }
        _ = recording.handle(
            .batchFinished(
                BatchRecord(
                    id: 2, worker: WorkerID(host: "fast", slot: 1), scopes: [], startedAt: 0, wall: 1, exitCode: nil,
                    signal: 9),
                overhead: nil))
        let report = RunReport(
            runID: "r", adapter: "pytest", workspace: "/w", startedAt: 0, duration: 1, exitCode: .allPassed,
            interrupted: false, problems: [], workers: [], counts: OutcomeCounts(), scopes: [], notRun: [], tests: [],
            batches: [])
        let finished = recording.handle(.finished(report))
        let update = try #require(finished)
        let known = update.applied(to: history(["a.py": 1, "b.py": 4, "c.py": 2, "d.py": 3]))
        #expect(known.batchOverhead[History.overheadKey(key, host: "slow")]?.values == [0.9, 1.1])
        #expect(known.batchOverhead[History.overheadKey(key, host: "fast")]?.values == [0.01])
        #expect(known.batchOverhead[History.overheadKey(key, host: "once")]?.values == [0.7])
        #expect(known.batchOverhead[key]?.values.count == 3)

        var settings = PlanningSettings(adapter: key, slots: 4)
        settings.hosts = ["slow", "fast", "new"]
        guard case .ready(let plan) = try RunPlanner(discovered: files, history: known, settings: settings).runPlan()
        else {
            Issue.record("a plain run needs no answers")
            return
        }
        #expect(plan.policy.hostOverheads == ["slow": 1.0, "fast": 0.01], "a host with no batches yet has none")
        #expect(plan.policy.overhead(on: "new") == plan.policy.perBatchOverhead)
        let remaining = 10.0
        #expect(
            plan.policy.targetSeconds(remaining: remaining, host: "slow")
                > plan.policy.targetSeconds(remaining: remaining, host: "fast"),
            "a slow-starting host gets fewer, larger batches")
    }

    @Test func onlyASuiteKnownToBeShorterThanAWorkerStartFitsInOneProcess() throws {
        func plan(_ durations: [String: Double], _ files: [DiscoveredScope], smoke: Int? = nil) throws -> RunPlan? {
            let planner = RunPlanner(
                discovered: files,
                history: history(durations, tests: smoke == nil ? [:] : ["a.py::t1": ("a.py", 0.05, .passed)]),
                settings: PlanningSettings(adapter: "pytest", slots: 2, smoke: smoke))
            guard case .ready(let plan) = try planner.runPlan() else { return nil }
            return plan
        }
        let tiny = ["a.py": 0.05, "b.py": 0.1, "c.py": 0.05, "d.py": 0.1]
        #expect(try plan(tiny, files)?.fitsInOneProcess(below: 0.5) == true)
        #expect(try plan(tiny, files)?.fitsInOneProcess(below: 0.25) == false, "0.3 s of work is not below 0.25 s")
        let newFile = files + [DiscoveredScope(id: "e.py", sizeBytes: 100)]
        #expect(try plan(tiny, newFile)?.fitsInOneProcess(below: 0.5) == false, "a file without history may be long")
        #expect(try plan(tiny, files, smoke: 1)?.fitsInOneProcess(below: 0.5) == false)
    }

    @Test func aLongFileIsCollectedOnceAndSplitWithItsTestsHistory() throws {
        var framework = FakeFramework(tests: ["big.py": (0..<8).map { "big.py::t\($0)" }])
        let discovered = files + [DiscoveredScope(id: "big.py", sizeBytes: 100)]
        var seconds = ["a.py": 1.0, "b.py": 1, "c.py": 1, "d.py": 1, "big.py": 40]
        seconds["big.py"] = 40
        var planner = RunPlanner(
            discovered: discovered, history: history(seconds),
            settings: PlanningSettings(adapter: "pytest", slots: 4, split: .auto))
        let plan = try framework.answer(&planner) { try $0.runPlan() }
        #expect(framework.asked == [.tests(of: ["big.py"])])
        let slices = plan.queued.filter { $0.id == "big.py" }
        #expect(slices.count > 1)
        #expect(slices.flatMap { $0.tests ?? [] }.sorted() == (0..<8).map { "big.py::t\($0)" }.sorted())
        #expect(plan.notices.contains { $0.hasPrefix("split big.py into \(slices.count) slices of its 8 tests") })
    }

    @Test func marksAreAskedOnlyForTheFilesTheyCouldConcern() throws {
        var framework = FakeFramework(marks: ["serial": ["b.py", "d.py"], "cluster": ["c.py"]])
        var planner = RunPlanner(
            discovered: files, history: history([:]),
            settings: PlanningSettings(
                adapter: "pytest", slots: 2, pinMarkers: ["serial"],
                isolation: [IsolationRule(patterns: [], marker: "cluster", setup: ["up"])]))
        let plan = try framework.answer(&planner) { try $0.runPlan() }
        #expect(
            framework.asked == [
                .marked("cluster", among: ["a.py", "b.py", "c.py", "d.py"]), .tests(of: ["c.py"]),
                .marked("serial", among: ["a.py", "b.py", "d.py"]),
            ])
        #expect(plan.isolated.map(\.scope) == ["c.py"])
        #expect(plan.isolationRules.first?.markedScopes == ["c.py"])
        #expect(plan.queued.contains { $0.members == ["b.py", "d.py"] })
        #expect(
            plan.notices == [
                "isolated c.py: 0 tests in 1 slices, run alone, setup `up`",
                "pinned 2 files with tests marked 'serial' to one slot",
            ])
    }

    @Test func speculateLetsEveryUnitRunTwiceAndItsMarkersOnlyTheFilesWithMarkedTests() throws {
        func plan(_ settings: PlanningSettings, marks: [String: Set<String>] = [:]) throws -> (RunPlan, Int) {
            var framework = FakeFramework(marks: marks)
            var planner = RunPlanner(discovered: files, history: history([:]), settings: settings)
            let plan = try framework.answer(&planner) { try $0.runPlan() }
            return (plan, framework.asked.count)
        }
        var all = PlanningSettings(adapter: "pytest", slots: 2)
        all.speculateAll = true
        let (everything, questions) = try plan(all)
        #expect(everything.queued.allSatisfy(\.mayRunTwice) && questions == 0)
        var marked = PlanningSettings(adapter: "pytest", slots: 2, pinMarkers: ["serial"])
        marked.speculateMarkers = ["pure"]
        let (some, _) = try plan(marked, marks: ["pure": ["a.py", "b.py"], "serial": ["b.py", "c.py"]])
        #expect(
            some.queued.filter(\.mayRunTwice).map(\.scopeIDs) == [["a.py"]],
            "b.py is pinned with c.py, which holds no test marked 'pure'")
        let (off, _) = try plan(PlanningSettings(adapter: "pytest", slots: 2))
        #expect(off.queued.allSatisfy { !$0.mayRunTwice })
    }

    @Test func anIsolatedFileIsSlicedOverTheSlots() throws {
        var framework = FakeFramework(tests: ["c.py": ["c.py::1", "c.py::2", "c.py::3", "c.py::4"]])
        var planner = RunPlanner(
            discovered: files, history: history([:]),
            settings: PlanningSettings(adapter: "pytest", slots: 2, isolation: [IsolationRule(patterns: ["c.py"])]))
        let plan = try framework.answer(&planner) { try $0.runPlan() }
        #expect(
            plan.isolated.first?.units.map { $0.tests ?? [] } == [["c.py::1", "c.py::2"], ["c.py::3", "c.py::4"]])
        #expect(!plan.queued.contains { $0.id == "c.py" })
    }

    @Test func lastFailedTakesOnlyWhatFailedAndMarksItPartial() throws {
        let planner = RunPlanner(
            discovered: files,
            history: history(
                ["a.py": 1, "b.py": 1],
                tests: [
                    "a.py::x": ("a.py", 0.5, .failed), "a.py::y": ("a.py", 0.5, .passed), "b.py": ("b.py", 0, .error),
                ]),
            settings: PlanningSettings(adapter: "pytest", slots: 2, lastFailed: true))
        guard case .ready(let plan) = try planner.runPlan() else {
            Issue.record("--lf needs no answers")
            return
        }
        #expect(Set(plan.queued.map(\.id)) == ["a.py", "b.py"])
        #expect(plan.queued.first { $0.id == "a.py" }?.tests == ["a.py::x"])
        #expect(plan.partialScopes == ["a.py"])
        #expect(plan.notices == ["--lf: running the 2 tests and files that failed last time"])
    }

    @Test func aShardRunPlansAsFanoutPlanDoesAndTakesItsShard() throws {
        var framework = FakeFramework()
        let settings = PlanningSettings(adapter: "pytest", slots: 2, shard: (2, 2))
        var planner = RunPlanner(
            discovered: files, history: history(["a.py": 4, "b.py": 3, "c.py": 2, "d.py": 1]), settings: settings)
        let shardPlan = try framework.answer(&planner) { try $0.shardPlan(count: 2) }
        let plan = try framework.answer(&planner) { try $0.runPlan() }
        let expected = Set(shardPlan.shards[1].items.map(\.scope))
        #expect(Set(plan.queued.map(\.id)) == expected)
        #expect(plan.notices.first == "shard 2/2 of a plan by history: \(expected.count) files")
    }

    @Test func aPlanFileOfAnotherShardCountIsRefused() throws {
        let plan = ShardPlan(basis: "history", shards: [ShardPlan.Shard(index: 1, expectedSeconds: 1, items: [])])
        let planner = RunPlanner(
            discovered: files, history: history([:]),
            settings: PlanningSettings(adapter: "pytest", slots: 2, shard: (1, 3), shardPlan: plan))
        #expect(throws: PlanError("the plan has 1 shards but --shard asks for 1/3")) { try planner.runPlan() }
    }

    @Test func pinnedAndIsolatedFilesStayWholeInAShardPlan() throws {
        var framework = FakeFramework(
            tests: ["a.py": ["a.py::1", "a.py::2"], "b.py": ["b.py::1", "b.py::2"]],
            marks: ["serial": ["c.py", "d.py"]])
        var discovered = files
        discovered[0].sizeBytes = 10_000
        var planner = RunPlanner(
            discovered: discovered, history: history([:]),
            settings: PlanningSettings(
                adapter: "pytest", slots: 1, pinMarkers: ["serial"], isolation: [IsolationRule(patterns: ["b.py"])]))
        // Without history files weigh by size: a.py is over a shard's share, so it is planned test by test.
        let plan = try framework.answer(&planner) { try $0.shardPlan(count: 3) }
        let items = plan.shards.flatMap(\.items)
        #expect(items.filter { $0.scope == "a.py" }.allSatisfy { $0.tests != nil })
        #expect(items.filter { $0.scope == "b.py" }.map(\.tests) == [nil])
        #expect(Set(plan.shards.filter { $0.items.contains { $0.scope == "c.py" } }.map(\.index)).count == 1)
        #expect(framework.asked.contains(.tests(of: ["a.py"])))
        #expect(
            !framework.asked.contains { if case .tests(let scopes) = $0 { scopes.contains("b.py") } else { false } })
    }

    @Test func theSmokeBatchTakesTheFastestPassingTestsOutOfTheirFiles() throws {
        let planner = RunPlanner(
            discovered: files,
            history: history(
                ["a.py": 2, "b.py": 2],
                tests: ["a.py::fast": ("a.py", 0.01, .passed), "b.py::slow": ("b.py", 1.9, .passed)]),
            settings: PlanningSettings(adapter: "pytest", slots: 2, smoke: 1))
        guard case .ready(let plan) = try planner.runPlan() else {
            Issue.record("--smoke needs no answers")
            return
        }
        #expect(plan.smoke.map(\.tests) == [["a.py::fast"]])
        #expect(plan.queued.first { $0.id == "a.py" }?.deselected == ["a.py": ["a.py::fast"]])
        #expect(plan.notices == ["smoke: 1 fast tests run first"])
    }
}
