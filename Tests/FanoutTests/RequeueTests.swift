import FanoutCore
import Testing

/// A coordinator over `units` with one slot on host h1 that has just taken its first batch.
func coordinatorWithFirstBatch(_ units: [WeightedScope], retries: Int = 0, flakyFails: Bool = false) -> (
    RunCoordinator, Batch
) {
    var machine = RunCoordinator(
        runID: "r", adapter: "pytest", workspace: "/w", scopes: units,
        policy: BatchPolicy(slotCount: 1, perBatchOverhead: 0, drainFactor: 100), startedAt: 0, retries: retries,
        flakyFails: flakyFails)
    _ = machine.start(now: 0)
    _ = machine.handle(.agentJoined(host: "h1", slots: 1), now: 0)
    let batch = machine.handle(.slotReady(WorkerID(host: "h1", slot: 1)), now: 0).compactMap {
        if case .run(let batch, _) = $0 { batch } else { nil }
    }.first!
    return (machine, batch)
}

/// What a crashed batch did not report runs again once, without what it did report.
@Suite struct RequeueTests {
    let worker = WorkerID(host: "h1", slot: 1)

    func started(_ units: [WeightedScope]) -> (RunCoordinator, Batch) {
        coordinatorWithFirstBatch(units)
    }

    func record(_ machine: inout RunCoordinator, _ id: String, _ scope: String, _ outcome: Outcome, batch: Int) {
        _ = machine.handle(
            .testFinished(TestResult(id: id, scope: scope, outcome: outcome, worker: worker, batch: batch)), now: 1)
    }

    func crash(_ machine: inout RunCoordinator, _ batch: Batch) -> [RunCoordinator.Action] {
        machine.handle(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: worker, startedAt: 0, wall: 1, exitCode: nil, signal: 11,
                    incomplete: batch.scopes)), now: 2)
    }

    func nextBatch(_ machine: inout RunCoordinator) -> Batch? {
        machine.handle(.slotReady(worker), now: 2).compactMap { if case .run(let batch, _) = $0 { batch } else { nil } }
            .first
    }

    @Test func theRestOfACrashedFileRunsAgainWithoutWhatItReported() throws {
        var (machine, batch) = started([WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true)])
        record(&machine, "a.py::one", "a.py", .passed, batch: batch.id)
        record(&machine, "a.py::boom", "a.py", .error, batch: batch.id)
        let actions = crash(&machine, batch)
        #expect(
            actions.contains {
                if case .emit(.requeued(let units)) = $0 { units == ["a.py"] } else { false }
            })
        let again = try #require(nextBatch(&machine))
        #expect(again.scopes == ["a.py"])
        #expect(again.deselected["a.py"] == ["a.py::boom", "a.py::one"])
        record(&machine, "a.py::three", "a.py", .passed, batch: again.id)
        let done = machine.handle(
            .batchDone(BatchCompletion(batchID: again.id, worker: worker, startedAt: 2, wall: 1)), now: 3)
        let report = try #require(done.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first)
        #expect(report.tests.map(\.id).sorted() == ["a.py::boom", "a.py::one", "a.py::three"])
        #expect(report.scopes.map(\.id) == ["a.py"])
        #expect(report.exitCode == .testsFailed)
    }

    @Test func aSliceRunsAgainWithOnlyItsUnreportedTests() throws {
        var (machine, batch) = started([
            WeightedScope(
                id: "big.py", expectedSeconds: 1, isKnown: true, tests: ["big.py::a", "big.py::b", "big.py::c"])
        ])
        record(&machine, "big.py::a", "big.py", .error, batch: batch.id)
        _ = crash(&machine, batch)
        let again = try #require(nextBatch(&machine))
        #expect(again.slices["big.py"] == ["big.py::b", "big.py::c"])
    }

    @Test func aSecondCrashQuarantinesWhatIsLeft() throws {
        var (machine, batch) = started([WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true)])
        _ = crash(&machine, batch)
        let again = try #require(nextBatch(&machine))
        let actions = crash(&machine, again)
        #expect(nextBatch(&machine) == nil)
        let report = try #require(actions.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first)
        #expect(report.tests.map(\.id) == ["a.py"])
        #expect(report.tests.first?.message?.contains("ended abnormally twice") == true)
        #expect(report.exitCode == .testsFailed)
    }

    @Test func aCancelledBatchIsNotRequeued() throws {
        var (machine, batch) = started([WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true)])
        _ = machine.handle(.interrupt, now: 1)
        let actions = machine.handle(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: worker, startedAt: 0, wall: 1, signal: 15, cancelled: true,
                    incomplete: ["a.py"])), now: 2)
        let report = try #require(actions.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first)
        #expect(report.notRun == ["a.py"])
        #expect(report.exitCode == .interrupted)
    }
}
