import FanoutCore
import Testing

/// Work in flight on a lost host: what it reported stays, the rest runs again alone on another host, and
/// work that was running when two hosts went down is quarantined instead of taking the next host down too.
@Suite struct HostLossTests {
    /// A coordinator with hosts h1, h2, h3 of one slot each, all idle.
    /// Without `oneFilePerBatch` the first batch takes all the work.
    func cluster(_ units: [WeightedScope], retries: Int = 0, oneFilePerBatch: Bool = false) -> RunCoordinator {
        var machine = RunCoordinator(
            runID: "r", adapter: "pytest", workspace: "/w", scopes: units,
            policy: BatchPolicy(slotCount: 3, perBatchOverhead: 100, maxScopesPerBatch: oneFilePerBatch ? 1 : 200),
            startedAt: 0, expectedHosts: 3,
            retries: retries)
        _ = machine.start(now: 0)
        for host in ["h1", "h2", "h3"] { _ = machine.handle(.agentJoined(host: host, slots: 1), now: 0) }
        return machine
    }

    func slot(_ host: String) -> WorkerID { WorkerID(host: host, slot: 1) }

    func batches(_ actions: [RunCoordinator.Action]) -> [(Batch, WorkerID)] {
        actions.compactMap { if case .run(let batch, let worker) = $0 { (batch, worker) } else { nil } }
    }

    func finalReport(_ actions: [RunCoordinator.Action]) -> RunReport? {
        actions.lazy.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first
    }

    func ready(_ machine: inout RunCoordinator, _ host: String) -> Batch? {
        batches(machine.handle(.slotReady(slot(host)), now: 1)).first?.0
    }

    func record(_ machine: inout RunCoordinator, _ id: String, on host: String, batch: Batch, _ outcome: Outcome)
        -> [RunCoordinator.Action]
    {
        let scope = String(id.split(separator: ":").first ?? "")
        return machine.handle(
            .testFinished(TestResult(id: id, scope: scope, outcome: outcome, worker: slot(host), batch: batch.id)),
            now: 2)
    }

    func done(_ machine: inout RunCoordinator, _ batch: Batch, on host: String) -> [RunCoordinator.Action] {
        machine.handle(
            .batchDone(BatchCompletion(batchID: batch.id, worker: slot(host), startedAt: 1, wall: 1)), now: 3)
    }

    func file(_ id: String, _ seconds: Double = 1) -> WeightedScope {
        WeightedScope(id: id, expectedSeconds: seconds, isKnown: true)
    }

    @Test func aLostBatchRunsAgainWithoutWhatItReportedEachFileInABatchOfItsOwn() throws {
        var machine = cluster([file("a.py"), file("b.py"), file("c.py")])
        let batch = try #require(ready(&machine, "h1"))
        #expect(batch.scopes.count == 3, "one batch carries all three files")
        _ = record(&machine, "a.py::one", on: "h1", batch: batch, .passed)
        let lost = machine.handle(.agentLost(host: "h1", reason: "connection reset"), now: 2)
        #expect(batches(lost).isEmpty, "h2 and h3 have not asked for work yet")
        var rerun: [Batch] = []
        while let next = ready(&machine, rerun.count % 2 == 0 ? "h2" : "h3") { rerun.append(next) }
        #expect(rerun.map(\.scopes).sorted { $0[0] < $1[0] } == [["a.py"], ["b.py"], ["c.py"]])
        let again = try #require(rerun.first { $0.scopes == ["a.py"] })
        #expect(again.deselected["a.py"] == ["a.py::one"], "the test that reported before the loss does not run again")
    }

    @Test func aSliceRunsAgainWithOnlyItsUnreportedTests() throws {
        var machine = cluster([
            WeightedScope(id: "big.py", expectedSeconds: 3, isKnown: true, tests: ["big.py::a", "big.py::b"])
        ])
        let batch = try #require(ready(&machine, "h1"))
        _ = record(&machine, "big.py::a", on: "h1", batch: batch, .failed)
        let lost = machine.handle(.agentLost(host: "h1", reason: "gone"), now: 2)
        #expect(lost.contains(.emit(.hostLost(host: "h1", reason: "gone"))))
        let again = try #require(ready(&machine, "h2"))
        #expect(again.slices["big.py"] == ["big.py::b"])
    }

    @Test func workInFlightOnTwoLostHostsIsQuarantinedAndTheRunGoesOn() throws {
        var machine = cluster([file("killer.py", 2), file("fine.py")])
        let first = try #require(ready(&machine, "h1"))
        #expect(Set(first.scopes) == ["killer.py", "fine.py"])
        _ = machine.handle(.agentLost(host: "h1", reason: "connection reset"), now: 2)
        let killerAgain = try #require(ready(&machine, "h2"))
        let fineAgain = try #require(ready(&machine, "h3"))
        #expect(killerAgain.scopes == ["killer.py"], "the longer file comes first, alone")
        #expect(fineAgain.scopes == ["fine.py"])
        _ = record(&machine, "fine.py::ok", on: "h3", batch: fineAgain, .passed)
        _ = done(&machine, fineAgain, on: "h3")
        let second = machine.handle(.agentLost(host: "h2", reason: "connection reset"), now: 4)
        #expect(batches(second).isEmpty, "quarantined work does not go to h3")
        let report = try #require(finalReport(second))
        let killer = try #require(report.tests.first { $0.scope == "killer.py" })
        #expect(killer.id == "killer.py")
        #expect(killer.outcome == .error)
        #expect(killer.message?.contains("quarantined, because hosts h1, h2 were each lost while it ran") == true)
        #expect(report.tests.map(\.id).sorted() == ["fine.py::ok", "killer.py"])
        #expect(report.exitCode == .testsFailed)
        #expect(report.problems == ["host h1 lost: connection reset", "host h2 lost: connection reset"])
        #expect(report.notRun.isEmpty)
    }

    @Test func aQuarantinedFileKeepsWhatItReportedAndErrorsItsUnknownRest() throws {
        var machine = cluster([file("killer.py")])
        let first = try #require(ready(&machine, "h1"))
        _ = record(&machine, "killer.py::before", on: "h1", batch: first, .passed)
        _ = machine.handle(.agentLost(host: "h1", reason: "x"), now: 2)
        let again = try #require(ready(&machine, "h2"))
        #expect(again.deselected["killer.py"] == ["killer.py::before"])
        let second = machine.handle(.agentLost(host: "h2", reason: "x"), now: 3)
        let report = try #require(finalReport(second))
        #expect(report.tests.map(\.id).sorted() == ["killer.py", "killer.py::before"])
        #expect(report.tests.first { $0.id == "killer.py::before" }?.outcome == .passed)
        #expect(report.scopes.map(\.id) == ["killer.py"])
    }

    @Test func aFailedTestIsRetriedOnAnotherSlotWhileTheFailingSlotHasOtherWork() throws {
        var machine = cluster([file("a.py", 3), file("b.py", 2), file("c.py", 1)], retries: 1, oneFilePerBatch: true)
        let onH1 = try #require(ready(&machine, "h1"))
        let onH2 = try #require(ready(&machine, "h2"))
        #expect(onH1.scopes == ["a.py"])
        _ = record(&machine, "a.py::wobbly", on: "h1", batch: onH1, .failed)
        _ = done(&machine, onH1, on: "h1")
        let next = try #require(ready(&machine, "h1"))
        #expect(next.scopes == ["c.py"], "h1 takes other work and leaves the retry for another slot")
        #expect(onH2.scopes == ["b.py"])
        let retry = try #require(ready(&machine, "h3"))
        #expect(retry.slices["a.py"] == ["a.py::wobbly"])
    }

    @Test func theRetryRunsOnTheSameSlotRatherThanWaitWhenNothingElseIsLeft() throws {
        var machine = cluster([file("a.py")], retries: 1)
        let batch = try #require(ready(&machine, "h1"))
        _ = record(&machine, "a.py::wobbly", on: "h1", batch: batch, .failed)
        let finished = done(&machine, batch, on: "h1")
        #expect(batches(finished).isEmpty, "no other slot asked for work yet")
        let retry = try #require(ready(&machine, "h1"))
        #expect(retry.slices["a.py"] == ["a.py::wobbly"])
    }

    @Test func anIdleSlotElsewhereTakesTheRetryAtOnce() throws {
        var machine = cluster([file("a.py")], retries: 1)
        let batch = try #require(ready(&machine, "h1"))
        #expect(ready(&machine, "h2") == nil)
        _ = record(&machine, "a.py::wobbly", on: "h1", batch: batch, .failed)
        let finished = done(&machine, batch, on: "h1")
        let (retry, worker) = try #require(batches(finished).first)
        #expect(worker == slot("h2"))
        #expect(retry.slices["a.py"] == ["a.py::wobbly"])
    }

    @Test func theTestRunningWhenTwoHostsWentDownIsQuarantinedAndTheRestOfItsFileRunsAgain() throws {
        var machine = cluster([file("killer.py")])
        func start(_ id: String, on host: String) {
            _ = machine.handle(.testStarted(testID: id, scope: "killer.py", worker: slot(host), at: 1), now: 1)
        }
        let first = try #require(ready(&machine, "h1"))
        _ = record(&machine, "killer.py::before", on: "h1", batch: first, .passed)
        start("killer.py::boom", on: "h1")
        _ = machine.handle(.agentLost(host: "h1", reason: "x"), now: 2)
        let second = try #require(ready(&machine, "h2"))
        start("killer.py::boom", on: "h2")
        _ = machine.handle(.agentLost(host: "h2", reason: "x"), now: 3)
        let third = try #require(ready(&machine, "h3"))
        #expect(third.deselected["killer.py"] == ["killer.py::before", "killer.py::boom"])
        _ = record(&machine, "killer.py::after", on: "h3", batch: third, .passed)
        let report = try #require(finalReport(done(&machine, third, on: "h3")))
        let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
        #expect(outcomes == ["killer.py::before": .passed, "killer.py::boom": .error, "killer.py::after": .passed])
        let boom = try #require(report.tests.first { $0.id == "killer.py::boom" })
        #expect(boom.message?.hasPrefix("quarantined: hosts h1, h2 were each lost while this test ran") == true)
        _ = second
    }

    @Test func aTestRunningOnOneLostHostIsNotBlamedForAnother() throws {
        var machine = cluster([file("a.py"), file("b.py")])
        let first = try #require(ready(&machine, "h1"))
        _ = machine.handle(.testStarted(testID: "a.py::slow", scope: "a.py", worker: slot("h1"), at: 1), now: 1)
        _ = machine.handle(.agentLost(host: "h1", reason: "cut"), now: 2)
        let again = try #require(ready(&machine, "h2"))
        _ = machine.handle(.testStarted(testID: "a.py::other", scope: "a.py", worker: slot("h2"), at: 2), now: 2)
        let lost = machine.handle(.agentLost(host: "h2", reason: "cut"), now: 3)
        #expect(finalReport(lost) == nil, "a different test was running each time: a.py runs again")
        let third = try #require(ready(&machine, "h3"))
        #expect(third.scopes == again.scopes)
        _ = first
    }

    /// The agent may die before it says which test started: that loss still counts against the file.
    @Test func aLossWithNothingKnownRunningCountsWhenTheCulpritIsNamedNextTime() throws {
        var machine = cluster([file("killer.py", 2), file("fine.py")])
        _ = try #require(ready(&machine, "h1"))
        _ = machine.handle(.agentLost(host: "h1", reason: "x"), now: 2)
        let again = try #require(ready(&machine, "h2"))
        #expect(again.scopes == ["killer.py"])
        _ = machine.handle(
            .testStarted(testID: "killer.py::boom", scope: "killer.py", worker: slot("h2"), at: 2), now: 2)
        let second = machine.handle(.agentLost(host: "h2", reason: "x"), now: 3)
        let quarantined = second.compactMap { if case .emit(.testFinished(let result)) = $0 { result } else { nil } }
        #expect(quarantined.map(\.id) == ["killer.py::boom"])
        #expect(quarantined.first?.message?.hasPrefix("quarantined: hosts h1, h2") == true)
        var onH3: [Batch] = []
        while let next = ready(&machine, "h3") {
            onH3.append(next)
            _ = done(&machine, next, on: "h3")
        }
        #expect(onH3.map(\.scopes).sorted { $0[0] < $1[0] } == [["fine.py"], ["killer.py"]])
        #expect(onH3.first { $0.scopes == ["killer.py"] }?.deselected["killer.py"] == ["killer.py::boom"])
    }
}
