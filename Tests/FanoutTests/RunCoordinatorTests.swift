import FanoutCore
import Testing

/// Drives `RunCoordinator` as the controller would, with simulated agents.
@Suite struct RunCoordinatorTests {
    let worker1 = WorkerID(host: "local", slot: 1)
    let worker2 = WorkerID(host: "local", slot: 2)

    func coordinator(_ scopeIDs: [String]) -> RunCoordinator {
        RunCoordinator(
            runID: "r", adapter: "pytest", workspace: "/w",
            scopes: scopeIDs.map { WeightedScope(id: $0, expectedSeconds: 1, isKnown: false) },
            policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0, drainFactor: 100), startedAt: 100)
    }

    func batches(_ actions: [RunCoordinator.Action]) -> [(Batch, WorkerID)] {
        actions.compactMap { if case .run(let batch, let worker) = $0 { (batch, worker) } else { nil } }
    }

    func finalReport(_ actions: [RunCoordinator.Action]) -> RunReport? {
        actions.lazy.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first
    }

    func scopeEvents(_ actions: [RunCoordinator.Action]) -> [(String, Int, Int)] {
        actions.compactMap {
            if case .emit(.scopeFinished(let scope, let finished, let total)) = $0 {
                (scope.id, finished, total)
            } else {
                nil
            }
        }
    }

    /// Runs every batch to completion with one passing test per scope, until the coordinator finishes.
    func runToEnd(_ machine: inout RunCoordinator, outcome: (String) -> Outcome = { _ in .passed }) -> RunReport? {
        var now = 100.0
        _ = machine.handle(.agentJoined(host: "local", slots: 2), now: now)
        var pending =
            batches(machine.handle(.slotReady(worker1), now: now))
            + batches(machine.handle(.slotReady(worker2), now: now))
        while let (batch, worker) = pending.first {
            pending.removeFirst()
            now += 1
            for scope in batch.scopes {
                _ = machine.handle(
                    .testFinished(
                        TestResult(
                            id: "\(scope)::t", scope: scope, outcome: outcome(scope), duration: 0.5, worker: worker,
                            batch: batch.id)),
                    now: now)
            }
            let actions = machine.handle(
                .batchDone(BatchCompletion(batchID: batch.id, worker: worker, startedAt: now - 1, wall: 1)), now: now)
            if let report = finalReport(actions) { return report }
            pending += batches(machine.handle(.slotReady(worker), now: now))
        }
        return nil
    }

    @Test func allPassingRunExitsZeroWithEveryTestOnce() throws {
        var machine = coordinator(["a.py", "b.py", "c.py", "d.py"])
        _ = machine.start(now: 100)
        let report = try #require(runToEnd(&machine))
        #expect(report.exitCode == .allPassed)
        #expect(report.tests.count == 4)
        #expect(Set(report.tests.map(\.id)).count == 4)
        #expect(report.scopes.map(\.id) == ["a.py", "b.py", "c.py", "d.py"])
        #expect(report.batches.count == 4)
    }

    @Test func aFinishedBatchReportsWhatItCostBeyondItsTestsAndACancelledOneDoesNot() {
        var machine = coordinator(["a.py", "b.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 2), now: 100)
        let dispatched =
            batches(machine.handle(.slotReady(worker1), now: 100))
            + batches(machine.handle(.slotReady(worker2), now: 100))
        func overheads(_ actions: [RunCoordinator.Action]) -> [Double?] {
            actions.compactMap { if case .emit(.batchFinished(_, let overhead)) = $0 { overhead } else { nil } }
        }
        let (first, second) = (dispatched[0].0, dispatched[1].0)
        _ = machine.handle(
            .testFinished(
                TestResult(id: "a::t", scope: first.scopes[0], outcome: .passed, duration: 0.75, batch: first.id)),
            now: 101)
        let done = machine.handle(
            .batchDone(BatchCompletion(batchID: first.id, worker: worker1, startedAt: 100, wall: 1)), now: 101)
        #expect(overheads(done) == [0.25])
        var cancelled = BatchCompletion(batchID: second.id, worker: worker2, startedAt: 100, wall: 1)
        cancelled.cancelled = true
        #expect(overheads(machine.handle(.batchDone(cancelled), now: 101)) == [nil])
    }

    @Test func aFailureExitsOne() throws {
        var machine = coordinator(["a.py", "b.py"])
        _ = machine.start(now: 100)
        let report = try #require(runToEnd(&machine) { $0 == "b.py" ? .failed : .passed })
        #expect(report.exitCode == .testsFailed)
        #expect(report.counts[.failed] == 1)
    }

    @Test func noScopesFinishesAtOnceWithExitFive() throws {
        var machine = coordinator([])
        let started = machine.start(now: 100)
        let report = try #require(finalReport(started))
        #expect(report.exitCode == .noTestsCollected)
    }

    @Test func scopesWithoutTestsExitFive() throws {
        var machine = coordinator(["empty.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 100)
        let (batch, _) = try #require(batches(machine.handle(.slotReady(worker1), now: 100)).first)
        let done = machine.handle(
            .batchDone(BatchCompletion(batchID: batch.id, worker: worker1, startedAt: 100, wall: 1)), now: 101)
        #expect(finalReport(done)?.exitCode == .noTestsCollected)
    }

    @Test func finishedScopeCountNeverExceedsTotalEvenWithDuplicateMessages() throws {
        var machine = coordinator(["a.py", "b.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 2), now: 100)
        let (batch, worker) = try #require(batches(machine.handle(.slotReady(worker1), now: 100)).first)
        let result = TestResult(
            id: "a.py::t", scope: batch.scopes[0], outcome: .passed, worker: worker, batch: batch.id)
        let first = machine.handle(.testFinished(result), now: 100)
        let second = machine.handle(.testFinished(result), now: 100)
        #expect(first.count == 1)
        #expect(second.isEmpty)
        let completion = BatchCompletion(batchID: batch.id, worker: worker, startedAt: 100, wall: 1)
        let events = scopeEvents(machine.handle(.batchDone(completion), now: 101))
        #expect(events.allSatisfy { $0.1 <= $0.2 })
        let late = machine.handle(.batchDone(completion), now: 102)
        #expect(late.isEmpty)
        #expect(machine.ledger.duplicateCount == 1)
    }

    @Test func interruptCancelsRunningBatchesAndReportsExitTwoWithPartialResults() throws {
        var machine = coordinator(["a.py", "b.py", "c.py", "d.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 2), now: 100)
        let (batch, worker) = try #require(batches(machine.handle(.slotReady(worker1), now: 100)).first)
        _ = machine.handle(
            .testFinished(
                TestResult(id: "x::t", scope: batch.scopes[0], outcome: .passed, worker: worker, batch: batch.id)),
            now: 100)
        let stopping = machine.handle(.interrupt, now: 101)
        #expect(stopping.contains(.cancelAll))
        let afterInterrupt = machine.handle(.slotReady(worker2), now: 101)
        #expect(batches(afterInterrupt).isEmpty)
        let done = machine.handle(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: worker, startedAt: 100, wall: 1, exitCode: nil, signal: 15,
                    cancelled: true)),
            now: 102)
        let report = try #require(finalReport(done))
        #expect(report.exitCode == .interrupted)
        #expect(report.interrupted)
        #expect(report.tests.count == 1)
        #expect(Set(report.notRun) == Set(["a.py", "b.py", "c.py", "d.py"]).subtracting([batch.scopes[0]]))
    }

    @Test func secondInterruptFinishesWithoutWaiting() throws {
        var machine = coordinator(["a.py", "b.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 100)
        _ = machine.handle(.slotReady(worker1), now: 100)
        let firstInterrupt = machine.handle(.interrupt, now: 101)
        #expect(finalReport(firstInterrupt) == nil)
        let secondInterrupt = machine.handle(.interrupt, now: 102)
        let report = try #require(finalReport(secondInterrupt))
        #expect(report.exitCode == .interrupted)
        #expect(machine.isFinished)
    }

    @Test func usageErrorStopsTheRunWithExitFour() throws {
        var machine = coordinator(["a.py", "b.py", "c.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 100)
        let (batch, worker) = try #require(batches(machine.handle(.slotReady(worker1), now: 100)).first)
        let done = machine.handle(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: worker, startedAt: 100, wall: 1, exitCode: 4, usageError: "bad flag")),
            now: 101)
        let report = try #require(finalReport(done))
        #expect(report.exitCode == .usageError)
        #expect(report.problems == ["bad flag"])
        #expect(Set(report.notRun) == ["a.py", "b.py", "c.py"])
    }

    @Test func lostHostRequeuesItsBatchToAnIdleSlotElsewhere() throws {
        var machine = coordinator(["a.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "h1", slots: 1), now: 100)
        _ = machine.handle(.agentJoined(host: "h2", slots: 1), now: 100)
        let onH1 = WorkerID(host: "h1", slot: 1)
        let onH2 = WorkerID(host: "h2", slot: 1)
        let (batch, _) = try #require(batches(machine.handle(.slotReady(onH1), now: 100)).first)
        let idle = machine.handle(.slotReady(onH2), now: 100)
        #expect(batches(idle).isEmpty)
        let actions = machine.handle(.agentLost(host: "h1", reason: "connection reset"), now: 101)
        let requeued = batches(actions)
        #expect(requeued.count == 1)
        #expect(requeued.first?.0.scopes == batch.scopes)
        #expect(requeued.first?.1 == onH2)
        #expect(actions.contains(.emit(.hostLost(host: "h1", reason: "connection reset"))))
    }

    @Test func aSecondInterruptEndsTheAgentsWithoutWaitingForTheirBatches() throws {
        var machine = coordinator(["a.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 100)
        _ = machine.handle(.slotReady(worker1), now: 100)
        let first = machine.handle(.interrupt, now: 101)
        #expect(first.contains(.cancelAll))
        #expect(finalReport(first) == nil, "the first interrupt waits for the cancelled batch")
        let second = machine.handle(.interrupt, now: 102)
        #expect(second.contains(.shutdownAgents(immediately: true)))
        #expect(finalReport(second)?.exitCode == .interrupted)
    }

    @Test func aRunThatEndsNormallyLetsTheAgentsFinish() throws {
        var machine = coordinator(["a.py"])
        let report = runToEnd(&machine)
        #expect(report?.exitCode == .allPassed)
        var again = coordinator([])
        #expect(again.start(now: 0).contains(.shutdownAgents(immediately: false)))
    }

    @Test func losingTheLastHostWithWorkLeftIsAnInternalError() throws {
        var machine = coordinator(["a.py", "b.py"])
        _ = machine.start(now: 100)
        _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 100)
        _ = machine.handle(.slotReady(worker1), now: 100)
        let lost = machine.handle(.agentLost(host: "local", reason: "exited"), now: 101)
        let report = try #require(finalReport(lost))
        #expect(report.exitCode == .internalError)
        #expect(report.problems.contains("no hosts left to run the remaining work"))
    }

    @Test func maxfailStopsTheRunAfterThatManyFailures() throws {
        var machine = RunCoordinator(
            runID: "r", adapter: "pytest", workspace: "/w",
            scopes: ["a.py", "b.py", "c.py", "d.py"].map { WeightedScope(id: $0, expectedSeconds: 1, isKnown: false) },
            policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0, drainFactor: 100), startedAt: 0, maxFailures: 2)
        _ = machine.start(now: 0)
        _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 0)
        let (batch, worker) = try #require(batches(machine.handle(.slotReady(worker1), now: 0)).first)
        let scope = batch.scopes[0]
        let first = machine.handle(
            .testFinished(
                TestResult(id: "\(scope)::a", scope: scope, outcome: .failed, worker: worker, batch: batch.id)), now: 1)
        #expect(!first.contains(.cancelAll))
        let passing = machine.handle(
            .testFinished(
                TestResult(id: "\(scope)::b", scope: scope, outcome: .passed, worker: worker, batch: batch.id)), now: 1)
        #expect(!passing.contains(.cancelAll))
        let second = machine.handle(
            .testFinished(
                TestResult(id: "\(scope)::c", scope: scope, outcome: .error, worker: worker, batch: batch.id)), now: 1)
        #expect(second.contains(.cancelAll))
        #expect(second.contains(.emit(.stopping(.maxfail(2)))))
        let done = machine.handle(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: worker, startedAt: 0, wall: 1, exitCode: nil, signal: 15, cancelled: true
                )), now: 2)
        let report = try #require(finalReport(done))
        #expect(report.exitCode == .testsFailed)
        #expect(Set(report.notRun) == Set(["a.py", "b.py", "c.py", "d.py"]).subtracting([scope]))
    }
}
