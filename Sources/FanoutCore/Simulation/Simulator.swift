/// Replays a suite through a scheduler with virtual time and reports the makespan.
///
/// Fanout's rows drive the real `RunCoordinator` (queue, batch policy, ledger), so what is simulated is what
/// runs. Every strategy sees the same actual durations, drawn once per seed.
public struct Simulator: Sendable {
    public let suite: SimulatedSuite
    public let settings: SimulationSettings
    /// Actual durations, per scope and test.
    public let actual: [[Double]]

    public init(suite: SimulatedSuite, settings: SimulationSettings) {
        self.suite = suite
        self.settings = settings
        var random = SeededRandom(seed: settings.seed &+ 0x5EED)
        actual = suite.scopes.map { scope in
            scope.tests.map { $0 * (1 + settings.noise * (2 * random.unit() - 1)) }
        }
    }

    /// max(total actual work / slots, longest actual test): no scheduler can beat it, splitting or not.
    public var lowerBound: Double {
        let total = actual.joined().reduce(0, +)
        return max(total / Double(settings.totalSlots), actual.joined().max() ?? 0)
    }

    /// max(total actual work / slots, longest actual file): the bound for schedules that keep files whole.
    public var fileLevelBound: Double {
        let total = actual.joined().reduce(0, +)
        return max(total / Double(settings.totalSlots), actual.map { $0.reduce(0, +) }.max() ?? 0)
    }

    public func run(_ strategy: SimulationStrategy) -> SimulationResult {
        let (makespan, processes): (Double, Int)
        switch strategy {
        case .fanout: (makespan, processes) = runFanout(withHistory: true)
        case .fanoutNoHistory: (makespan, processes) = runFanout(withHistory: false)
        case .roundRobin: (makespan, processes) = roundRobin()
        case .xdistLoad: (makespan, processes) = XdistLoadModel(simulator: self).run()
        case .leastDuration: (makespan, processes) = leastDuration()
        }
        return SimulationResult(strategy: strategy, makespan: makespan, lowerBound: lowerBound, processes: processes)
    }

    /// What a run's history would say of the suite: every expected duration and the batch overhead.
    private var suiteHistory: History {
        var history = History()
        for scope in suite.scopes {
            history.scopes[scope.id] = DurationSamples([scope.total])
            for (number, seconds) in scope.tests.enumerated() {
                history.tests["\(scope.id)::t\(number)"] = History.TestRecord(
                    scope: scope.id, durations: DurationSamples([seconds]), lastOutcome: .passed)
            }
        }
        history.batchOverhead["sim"] = DurationSamples([settings.batchOverhead])
        return history
    }

    /// Every simulated host joins at the start, and each of its slots asks for work.
    private func joinEveryHost(_ coordinator: inout RunCoordinator) -> [RunCoordinator.Action] {
        var actions: [RunCoordinator.Action] = []
        for host in 0..<settings.hosts {
            actions += coordinator.handle(.agentJoined(host: "h\(host + 1)", slots: settings.slotsPerHost), now: 0)
            for slot in 1...settings.slotsPerHost {
                actions += coordinator.handle(.slotReady(WorkerID(host: "h\(host + 1)", slot: slot)), now: 0)
            }
        }
        return actions
    }

    private func runFanout(withHistory: Bool) -> (Double, Int) {
        // With history the test durations are known, so oversized files are split as `--split auto` would.
        let index = Dictionary(uniqueKeysWithValues: suite.scopes.enumerated().map { ($0.element.id, $0.offset) })
        let plan = startingPlan(history: withHistory ? suiteHistory : History(), split: withHistory ? .auto : .off)
        var coordinator = RunCoordinator(
            runID: "sim", adapter: "sim", workspace: "/sim", scopes: plan.queued, policy: plan.policy, startedAt: 0,
            expectedHosts: settings.hosts)
        /// The tests a batch runs of `scope`: its slice, or all of them.
        func testIndices(_ batch: Batch, _ scope: String) -> [Int] {
            guard let ids = batch.slices[scope] else { return Array(actual[index[scope]!].indices) }
            return ids.map { Int($0.split(separator: "t").last!)! }
        }
        var running: [(end: Double, batch: Batch, worker: WorkerID, start: Double)] = []
        var batches = 0
        var pending = coordinator.start(now: 0) + joinEveryHost(&coordinator)
        var now = 0.0
        while true {
            for action in pending {
                switch action {
                case .run(let batch, let worker):
                    let work = batch.scopes.reduce(0.0) { sum, scope in
                        sum + testIndices(batch, scope).reduce(0) { $0 + actual[index[scope]!][$1] }
                    }
                    running.append((now + settings.batchOverhead + work, batch, worker, now))
                    batches += 1
                case .finish(let report):
                    return (report.duration, batches)
                default:
                    break
                }
            }
            pending = []
            guard let next = running.indices.min(by: { running[$0].end < running[$1].end }) else {
                return (now, batches)
            }
            let done = running.remove(at: next)
            now = done.end
            for scope in done.batch.scopes {
                for number in testIndices(done.batch, scope) {
                    pending += coordinator.handle(
                        .testFinished(
                            TestResult(
                                id: "\(scope)::t\(number)", scope: scope, outcome: .passed,
                                duration: actual[index[scope]!][number], worker: done.worker, batch: done.batch.id)),
                        now: now)
                }
            }
            pending += coordinator.handle(
                .batchDone(
                    BatchCompletion(
                        batchID: done.batch.id, worker: done.worker, startedAt: done.start, wall: now - done.start)),
                now: now)
            pending += coordinator.handle(.slotReady(done.worker), now: now)
        }
    }

    /// The queue a real run would start with, from the one planner `fanout run` uses; the suite answers its
    /// questions (a scope's tests are `SCOPE::tN`).
    func startingPlan(history: History, split: ScopeSplitter.Mode) -> RunPlan {
        var planner = RunPlanner(
            discovered: suite.scopes.map { DiscoveredScope(id: $0.id, sizeBytes: $0.tests.count * 200) },
            history: history, settings: PlanningSettings(adapter: "sim", slots: settings.totalSlots, split: split))
        let byID = Dictionary(suite.scopes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        while true {
            // The planner asks only what a simulated suite can answer, and never fails without pins or plans.
            switch try? planner.runPlan() {
            case .ready(let plan):
                return plan
            case .ask(.tests(let scopes)):
                var tests: [String: [String]] = [:]
                for scope in scopes {
                    tests[scope] = byID[scope].map { $0.tests.indices.map { "\(scope)::t\($0)" } }
                }
                planner.answer(tests: tests, of: scopes)
            case .ask(.marked(let marker, let scopes)):
                planner.answer(marked: marker, among: scopes, found: [])
            case nil:
                preconditionFailure("a simulated suite's plan has no shards to fail")
            }
        }
    }

    private func roundRobin() -> (Double, Int) {
        var loads = Array(repeating: settings.batchOverhead, count: settings.totalSlots)
        for (offset, scope) in actual.enumerated() { loads[offset % loads.count] += scope.reduce(0, +) }
        return (loads.max() ?? 0, loads.count)
    }

    private func leastDuration() -> (Double, Int) {
        var tests: [(expected: Double, actual: Double)] = []
        for (scope, durations) in zip(suite.scopes, actual) {
            tests += zip(scope.tests, durations).map { ($0, $1) }
        }
        var expectedLoads = Array(repeating: 0.0, count: settings.totalSlots)
        var actualLoads = Array(repeating: settings.batchOverhead, count: settings.totalSlots)
        for test in tests.sorted(by: { $0.expected > $1.expected }) {
            let target = expectedLoads.indices.min { expectedLoads[$0] < expectedLoads[$1] }!
            expectedLoads[target] += test.expected
            actualLoads[target] += test.actual
        }
        return (actualLoads.max() ?? 0, actualLoads.count)
    }
}
