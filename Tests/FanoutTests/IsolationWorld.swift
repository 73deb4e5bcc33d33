import FanoutCore
import Testing

/// Drives `RunCoordinator` with isolated scopes and records what the shell would have done, in order.
struct IsolationWorld {
    var machine: RunCoordinator
    var now = 100.0
    /// Batches handed out and not yet completed.
    var running: [(batch: Batch, worker: WorkerID)] = []
    /// "setup X", "teardown X", "start W scope/test", "cancel", in the order the shell saw them.
    var log: [String] = []
    var report: RunReport?

    init(regular: [String], isolated: [IsolatedScope], hosts: [String: Int] = ["h1": 2]) {
        self.init(
            units: regular.map { WeightedScope(id: $0, expectedSeconds: 1, isKnown: true) }, isolated: isolated,
            hosts: hosts)
    }

    init(units: [WeightedScope], isolated: [IsolatedScope], hosts: [String: Int] = ["h1": 2]) {
        machine = RunCoordinator(
            runID: "r", adapter: "pytest", workspace: "/w", scopes: units,
            policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0, drainFactor: 100), startedAt: 100,
            expectedHosts: hosts.count, isolated: isolated)
        perform(machine.start(now: now))
        for (host, slots) in hosts.sorted(by: { $0.key < $1.key }) {
            perform(machine.handle(.agentJoined(host: host, slots: slots), now: now))
        }
        for (host, slots) in hosts.sorted(by: { $0.key < $1.key }) {
            for slot in 1...slots { handle(.slotReady(WorkerID(host: host, slot: slot))) }
        }
    }

    static func isolated(_ scope: String, tests: Int, setup: Bool = true, teardown: Bool = true) -> IsolatedScope {
        let units = (1...tests).map {
            WeightedScope(id: scope, expectedSeconds: 1, isKnown: true, tests: ["\(scope)::t\($0)"])
        }
        return IsolatedScope(scope: scope, units: units, hasSetup: setup, hasTeardown: teardown)
    }

    mutating func handle(_ input: RunCoordinator.Input) {
        perform(machine.handle(input, now: now))
    }

    mutating func perform(_ actions: [RunCoordinator.Action]) {
        for action in actions {
            switch action {
            case .run(let batch, let worker):
                running.append((batch, worker))
                for scope in batch.scopes {
                    for test in batch.slices[scope] ?? ["\(scope)::t"] { log.append("start \(test)") }
                }
            case .runSetup(let scope): log.append("setup \(scope)")
            case .runTeardown(let scope): log.append("teardown \(scope)")
            case .cancelAll: log.append("cancel")
            case .cancel(let batchID, _): log.append("cancel batch \(batchID)")
            case .finish(let report): self.report = report
            case .shutdownAgents, .emit: break
            }
        }
    }

    /// Completes the oldest running batch (all its tests pass, or are cut short when `cancelled`) and lets its
    /// slot ask for more.
    mutating func completeNext(cancelled: Bool = false) {
        guard !running.isEmpty else { return }
        let (batch, worker) = running.removeFirst()
        now += 1
        if !cancelled {
            for scope in batch.scopes {
                for test in batch.slices[scope] ?? ["\(scope)::t"] {
                    handle(
                        .testFinished(
                            TestResult(
                                id: test, scope: scope, outcome: .passed, duration: 1, worker: worker, batch: batch.id))
                    )
                    log.append("end \(test)")
                }
            }
        }
        handle(
            .batchDone(
                BatchCompletion(batchID: batch.id, worker: worker, startedAt: now - 1, wall: 1, cancelled: cancelled)))
        handle(.slotReady(worker))
    }

    /// Completes batches until none is running.
    mutating func drainBatches() {
        while !running.isEmpty { completeNext() }
    }

    mutating func finishCommand(_ kind: String, _ scope: String, succeeded: Bool = true) {
        now += 1
        if kind == "setup" {
            handle(.setupFinished(scope: scope, succeeded: succeeded, detail: succeeded ? "exit 0" : "exit 3"))
        } else {
            handle(.teardownFinished(scope: scope, succeeded: succeeded, detail: succeeded ? "exit 0" : "exit 3"))
        }
    }

    func index(of entry: String) -> Int { log.firstIndex(of: entry) ?? -1 }
}
