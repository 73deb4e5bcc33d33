import FanoutCore
import Testing

/// `speculate`: a slot with no work left runs a copy of a batch far past its expected time; the first copy to end
/// cleanly counts, each test's first report counts, and nothing is lost or counted twice, also when the straggler
/// crashes, its host is lost, or its failures are retried.
@Suite struct SpeculationTests {
    let slot1 = WorkerID(host: "h1", slot: 1)
    let slot2 = WorkerID(host: "h1", slot: 2)

    /// A run of `slow.py` (expected 10 s) and `fast.py` (1 s) on two slots.
    func coordinator(
        speculate: Bool = true, known: Bool = true, mayRunTwice: Bool = true, retries: Int = 0, hosts: Int = 1
    ) -> RunCoordinator {
        RunCoordinator(
            runID: "r", adapter: "pytest", workspace: "/w",
            scopes: [
                WeightedScope(id: "slow.py", expectedSeconds: 10, isKnown: known, mayRunTwice: mayRunTwice),
                WeightedScope(id: "fast.py", expectedSeconds: 1, isKnown: known, mayRunTwice: mayRunTwice),
            ], policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0, drainFactor: 100), startedAt: 0,
            expectedHosts: hosts, retries: retries, speculate: speculate)
    }

    /// Slot 1 runs `slow.py`, slot 2 `fast.py`, which is done at 1 s; slot 2 then waits.
    func straggling(speculate: Bool = true, known: Bool = true, mayRunTwice: Bool = true, retries: Int = 0) -> (
        RunCoordinator, slow: Batch
    ) {
        var machine = coordinator(speculate: speculate, known: known, mayRunTwice: mayRunTwice, retries: retries)
        _ = machine.start(now: 0)
        _ = machine.handle(.agentJoined(host: "h1", slots: 2), now: 0)
        let slow = runs(machine.handle(.slotReady(slot1), now: 0))[0]
        let fast = runs(machine.handle(.slotReady(slot2), now: 0))[0]
        report(&machine, "fast.py::t", .passed, batch: fast, on: slot2, now: 1)
        _ = machine.handle(.batchDone(BatchCompletion(batchID: fast.id, worker: slot2, startedAt: 0, wall: 1)), now: 1)
        #expect(runs(machine.handle(.slotReady(slot2), now: 1)).isEmpty, "1 s in, nothing straggles yet")
        return (machine, slow)
    }

    func runs(_ actions: [RunCoordinator.Action]) -> [Batch] {
        actions.compactMap { if case .run(let batch, _) = $0 { batch } else { nil } }
    }

    func finalReport(_ actions: [RunCoordinator.Action]) -> RunReport? {
        actions.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first
    }

    @discardableResult
    func report(
        _ machine: inout RunCoordinator, _ id: String, _ outcome: Outcome, batch: Batch, on worker: WorkerID,
        now: Double
    ) -> [RunCoordinator.Action] {
        let scope = String(id.prefix { $0 != ":" })
        return machine.handle(
            .testFinished(TestResult(id: id, scope: scope, outcome: outcome, worker: worker, batch: batch.id)),
            now: now)
    }

    func done(
        _ machine: inout RunCoordinator, _ batch: Batch, on worker: WorkerID, now: Double, cancelled: Bool = false,
        incomplete: [String] = []
    ) -> [RunCoordinator.Action] {
        machine.handle(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: worker, startedAt: 0, wall: now, exitCode: incomplete.isEmpty ? 0 : nil,
                    signal: incomplete.isEmpty ? nil : 9, cancelled: cancelled, incomplete: incomplete)), now: now)
    }

    @Test func aCopyStartsOnlyOnceTheBatchRunsTwiceItsExpectedTimeAndTheFirstCleanEndCounts() throws {
        var (machine, slow) = straggling()
        #expect(runs(machine.tick(now: 15)).isEmpty, "15 s of an expected 10: not yet twice as long")
        let copy = try #require(runs(machine.tick(now: 21)).first, "21 s: past twice its time and 2 s over")
        #expect(copy.id != slow.id && copy.scopes == slow.scopes && copy.slices == slow.slices)
        #expect(runs(machine.tick(now: 22)).isEmpty, "one copy per batch")
        report(&machine, "slow.py::a", .passed, batch: copy, on: slot2, now: 22)
        let ended = done(&machine, copy, on: slot2, now: 23)
        #expect(ended.contains(.cancel(batchID: slow.id, on: slot1)), "the straggler is stopped")
        // What the stopped straggler still sends changes nothing.
        #expect(report(&machine, "slow.py::a", .failed, batch: slow, on: slot1, now: 23).isEmpty)
        #expect(done(&machine, slow, on: slot1, now: 24, cancelled: true).isEmpty)
        let final = try #require(finalReport(ended))
        #expect(final.tests.map(\.id).sorted() == ["fast.py::t", "slow.py::a"])
        #expect(final.tests.first { $0.id == "slow.py::a" }?.batch == copy.id, "the copy's result counted")
        #expect(final.exitCode == .allPassed && final.notRun.isEmpty)
        let records = Dictionary(uniqueKeysWithValues: final.batches.map { ($0.id, $0) })
        #expect(records[slow.id]?.counted == false && records[slow.id]?.copyOf == nil)
        #expect(records[copy.id]?.counted == true && records[copy.id]?.copyOf == slow.id)
    }

    @Test func anOriginalThatEndsFirstCountsAndStopsTheCopy() throws {
        var (machine, slow) = straggling()
        let copy = try #require(runs(machine.tick(now: 21)).first)
        report(&machine, "slow.py::a", .passed, batch: slow, on: slot1, now: 22)
        #expect(report(&machine, "slow.py::a", .failed, batch: copy, on: slot2, now: 22).isEmpty, "a second report")
        let ended = done(&machine, slow, on: slot1, now: 23)
        #expect(ended.contains(.cancel(batchID: copy.id, on: slot2)))
        let final = try #require(finalReport(ended))
        #expect(final.tests.first { $0.id == "slow.py::a" }?.outcome == .passed)
        #expect(final.batches.first { $0.id == slow.id }?.counted == true)
    }

    @Test(arguments: [(false, true, true), (true, false, true), (true, true, false)])
    func noCopyWhenOffWithoutHistoryOrForWorkThatMayNotRunTwice(speculate: Bool, known: Bool, mayRunTwice: Bool) {
        var (machine, _) = straggling(speculate: speculate, known: known, mayRunTwice: mayRunTwice)
        #expect(runs(machine.tick(now: 100)).isEmpty)
        #expect(runs(machine.handle(.slotReady(slot2), now: 100)).isEmpty)
    }

    @Test func aStragglerThatCrashesWhileItsCopyRunsIsSetAsideAndTheCopyCounts() throws {
        var (machine, slow) = straggling()
        let copy = try #require(runs(machine.tick(now: 21)).first)
        report(&machine, "slow.py::a", .passed, batch: slow, on: slot1, now: 22)
        let crashed = done(&machine, slow, on: slot1, now: 22, incomplete: ["slow.py"])
        #expect(!crashed.contains { if case .emit(.requeued) = $0 { true } else { false } }, "the copy runs it")
        #expect(finalReport(crashed) == nil)
        #expect(runs(machine.handle(.slotReady(slot1), now: 22)).isEmpty, "nothing went back to the queue")
        report(&machine, "slow.py::a", .passed, batch: copy, on: slot2, now: 23)
        report(&machine, "slow.py::b", .passed, batch: copy, on: slot2, now: 23)
        let final = try #require(finalReport(done(&machine, copy, on: slot2, now: 24)))
        #expect(final.tests.filter { $0.scope == "slow.py" }.map(\.batch) == [slow.id, copy.id])
        #expect(final.exitCode == .allPassed)
    }

    @Test func aStragglerWhoseHostIsLostGoesNowhereWhileItsCopyRunsElsewhere() throws {
        var machine = coordinator(hosts: 2)
        let other = WorkerID(host: "h2", slot: 1)
        _ = machine.start(now: 0)
        _ = machine.handle(.agentJoined(host: "h1", slots: 1), now: 0)
        _ = machine.handle(.agentJoined(host: "h2", slots: 1), now: 0)
        let slow = runs(machine.handle(.slotReady(slot1), now: 0))[0]
        let fast = runs(machine.handle(.slotReady(other), now: 0))[0]
        report(&machine, "fast.py::t", .passed, batch: fast, on: other, now: 1)
        _ = done(&machine, fast, on: other, now: 1)
        let copy = try #require(runs(machine.handle(.slotReady(other), now: 25)).first, "asked when it straggles")
        let lost = machine.handle(.agentLost(host: "h1", reason: "gone"), now: 26)
        #expect(!lost.contains { if case .emit(.requeued) = $0 { true } else { false } })
        #expect(runs(lost).isEmpty && !lost.contains(.cancel(batchID: slow.id, on: slot1)))
        report(&machine, "slow.py::a", .passed, batch: copy, on: other, now: 27)
        let final = try #require(finalReport(done(&machine, copy, on: other, now: 27)))
        #expect(final.tests.map(\.id).sorted() == ["fast.py::t", "slow.py::a"])
        #expect(final.exitCode == .allPassed, "a lost host is a problem, not a failure, when nothing was lost")
        #expect(final.notRun.isEmpty)
    }

    @Test func aFailureHeldForARetryFromTheStragglerRunsAgainAfterTheCopyWins() throws {
        var (machine, slow) = straggling(retries: 1)
        let copy = try #require(runs(machine.tick(now: 21)).first)
        report(&machine, "slow.py::a", .failed, batch: slow, on: slot1, now: 22)
        #expect(report(&machine, "slow.py::a", .passed, batch: copy, on: slot2, now: 22).isEmpty)
        let ended = done(&machine, copy, on: slot2, now: 23)
        #expect(finalReport(ended) == nil, "the held failure runs again first")
        let retry = try #require(runs(ended + machine.handle(.slotReady(slot1), now: 23)).first)
        #expect(retry.slices["slow.py"] == ["slow.py::a"])
        report(&machine, "slow.py::a", .passed, batch: retry, on: slot1, now: 24)
        let final = try #require(finalReport(done(&machine, retry, on: slot1, now: 24)))
        let result = try #require(final.tests.first { $0.id == "slow.py::a" })
        #expect(result.isFlaky && result.previousAttempts?.map(\.batch) == [slow.id])
        #expect(final.tests.count == 2)
    }
}
