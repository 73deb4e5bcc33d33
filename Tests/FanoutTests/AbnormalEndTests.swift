import FanoutCore
import Testing

/// A test process that crashes or is stopped at a timeout: the test it ended in is to blame (and retried alone),
/// its neighbours run exactly once, and only an end that no test explains counts against a file.
@Suite struct AbnormalEndTests {
    let worker = WorkerID(host: "h1", slot: 1)

    func record(
        _ machine: inout RunCoordinator, _ id: String, _ outcome: Outcome, batch: Batch, endedItsProcess: Bool = false,
        scope: String = "x.py"
    ) {
        var result = TestResult(id: id, scope: scope, outcome: outcome, worker: worker, batch: batch.id)
        if endedItsProcess { result.endedItsProcess = true }
        _ = machine.handle(.testFinished(result), now: 1)
    }

    /// Ends `batch` abnormally (a SIGKILL) and returns the actions with the next batch handed out, if any.
    func crash(_ machine: inout RunCoordinator, _ batch: Batch) -> (Batch?, RunReport?) {
        let done = machine.handle(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: worker, startedAt: 0, wall: 1, exitCode: nil, signal: 9,
                    incomplete: batch.scopes)), now: 2)
        return next(&machine, after: done)
    }

    func finish(_ machine: inout RunCoordinator, _ batch: Batch) -> (Batch?, RunReport?) {
        let done = machine.handle(
            .batchDone(BatchCompletion(batchID: batch.id, worker: worker, startedAt: 0, wall: 1)), now: 2)
        return next(&machine, after: done)
    }

    func next(_ machine: inout RunCoordinator, after done: [RunCoordinator.Action]) -> (Batch?, RunReport?) {
        let ready = machine.handle(.slotReady(worker), now: 2)
        let batch = ready.compactMap { if case .run(let batch, _) = $0 { batch } else { nil } }.first
        let report = (done + ready).compactMap { if case .finish(let report) = $0 { report } else { nil } }.first
        return (batch, report)
    }

    @Test(arguments: [Outcome.error, .timeout])
    func aRetriedCrashRunsAloneAndItsNeighboursRunOnceAndPass(ending: Outcome) throws {
        var (machine, first) = coordinatorWithFirstBatch(
            [WeightedScope(id: "x.py", expectedSeconds: 1, isKnown: true)], retries: 1)
        record(&machine, "x.py::test_before", .passed, batch: first)
        record(&machine, "x.py::test_crash", ending, batch: first, endedItsProcess: true)
        var (batch, report) = crash(&machine, first)
        var batches: [Batch] = []
        while let current = batch {
            batches.append(current)
            if current.slices["x.py"] == ["x.py::test_crash"] {
                record(&machine, "x.py::test_crash", ending, batch: current, endedItsProcess: true)
                (batch, report) = crash(&machine, current)
            } else {
                #expect(current.deselected["x.py"] == ["x.py::test_before", "x.py::test_crash"])
                record(&machine, "x.py::test_after", .passed, batch: current)
                (batch, report) = finish(&machine, current)
            }
        }
        #expect(batches.count == 2, "the rest of the file once, the crashing test once more")
        let retry = try #require(batches.first { $0.slices["x.py"] != nil })
        #expect(retry.scopes == ["x.py"] && retry.deselected.isEmpty, "the retry shares its batch with nothing")
        let final = try #require(report)
        let outcomes = Dictionary(uniqueKeysWithValues: final.tests.map { ($0.id, $0.outcome) })
        #expect(outcomes == ["x.py::test_before": .passed, "x.py::test_after": .passed, "x.py::test_crash": ending])
        let crashing = try #require(final.tests.first { $0.id == "x.py::test_crash" })
        #expect(crashing.previousAttempts?.map(\.outcome) == [ending], "both attempts are kept")
        #expect(final.notRun.isEmpty)
    }

    @Test func twoCrashingTestsInOneFileNeverTakeTheHealthyOneDown() throws {
        var (machine, first) = coordinatorWithFirstBatch(
            [WeightedScope(id: "x.py", expectedSeconds: 1, isKnown: true)], retries: 1)
        record(&machine, "x.py::crash_a", .error, batch: first, endedItsProcess: true)
        var (batch, report) = crash(&machine, first)
        var ran: [String: Int] = [:]
        while let current = batch {
            let wanted = current.slices["x.py"]
            if wanted == ["x.py::crash_a"] || wanted == ["x.py::crash_b"] {
                ran[wanted![0], default: 0] += 1
                record(&machine, wanted![0], .error, batch: current, endedItsProcess: true)
                (batch, report) = crash(&machine, current)
            } else if current.deselected["x.py"]?.contains("x.py::crash_b") == true {
                ran["x.py::healthy", default: 0] += 1
                record(&machine, "x.py::healthy", .passed, batch: current)
                (batch, report) = finish(&machine, current)
            } else {
                // The rest of the file after crash_a: crash_b ends the process before healthy runs.
                record(&machine, "x.py::crash_b", .error, batch: current, endedItsProcess: true)
                (batch, report) = crash(&machine, current)
            }
        }
        #expect(ran == ["x.py::crash_a": 1, "x.py::crash_b": 1, "x.py::healthy": 1])
        let final = try #require(report)
        #expect(final.tests.first { $0.id == "x.py::healthy" }?.outcome == .passed)
        #expect(final.tests.filter { $0.outcome == .error }.map(\.id).sorted() == ["x.py::crash_a", "x.py::crash_b"])
    }

    /// One slot whose first batch carries every unit.
    func oneBatchOf(_ units: [WeightedScope]) -> (RunCoordinator, Batch) {
        var machine = RunCoordinator(
            runID: "r", adapter: "pytest", workspace: "/w", scopes: units,
            policy: BatchPolicy(slotCount: 1, perBatchOverhead: 0, drainFactor: 1), startedAt: 0)
        _ = machine.start(now: 0)
        _ = machine.handle(.agentJoined(host: "h1", slots: 1), now: 0)
        let batch = machine.handle(.slotReady(worker), now: 0).compactMap {
            if case .run(let batch, _) = $0 { batch } else { nil }
        }.first!
        return (machine, batch)
    }

    @Test func anUnexplainedEndSendsEachFileBackAloneAndOnlyTheGuiltyOneIsQuarantined() throws {
        var (machine, first) = oneBatchOf([
            WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true),
            WeightedScope(id: "b.py", expectedSeconds: 1, isKnown: true),
        ])
        #expect(first.scopes == ["a.py", "b.py"])
        var (batch, report) = crash(&machine, first)
        var alone: [[String]] = []
        while let current = batch {
            alone.append(current.scopes)
            if current.scopes == ["a.py"] {
                (batch, report) = crash(&machine, current)  // a.py dies at import, every time
            } else {
                record(&machine, "b.py::fine", .passed, batch: current, scope: "b.py")
                (batch, report) = finish(&machine, current)
            }
        }
        #expect(alone.sorted { $0[0] < $1[0] } == [["a.py"], ["b.py"]])
        let final = try #require(report)
        #expect(final.tests.first { $0.id == "b.py::fine" }?.outcome == .passed)
        let quarantined = try #require(final.tests.first { $0.id == "a.py" })
        #expect(quarantined.outcome == .error)
        #expect(quarantined.message?.contains("ended abnormally twice") == true)
    }

    @Test func anInnocentFileIsNeverQuarantinedForCrashesOfOtherTests() throws {
        var (machine, first) = oneBatchOf([
            WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true),
            WeightedScope(id: "b.py", expectedSeconds: 1, isKnown: true),
        ])
        record(&machine, "a.py::boom", .error, batch: first, endedItsProcess: true, scope: "a.py")
        var (batch, report) = crash(&machine, first)
        while let current = batch {
            if current.scopes.contains("a.py") && current.deselected["a.py"] == nil {
                Issue.record("a.py ran again in full")
            }
            if current.scopes.contains("b.py") {
                // b.py's own test crashes the process: explained, so the rest of b.py still runs.
                if machine.ledger.results["b.py::boom2"] == nil {
                    record(&machine, "b.py::boom2", .error, batch: current, endedItsProcess: true, scope: "b.py")
                    (batch, report) = crash(&machine, current)
                    continue
                }
                record(&machine, "b.py::fine", .passed, batch: current, scope: "b.py")
            }
            (batch, report) = finish(&machine, current)
        }
        let final = try #require(report)
        #expect(final.tests.first { $0.id == "b.py::fine" }?.outcome == .passed)
        #expect(!final.tests.contains { $0.id == "b.py" || $0.id == "a.py" }, "no file-level quarantine")
    }

    @Test func aPinnedGroupThatCrashedRunsItsRestAgainWithEachMembersOwnDeselection() throws {
        let group = WeightedScope(id: "pin-1", expectedSeconds: 2, isKnown: true, members: ["a.py", "b.py"])
        var (machine, first) = coordinatorWithFirstBatch([group])
        record(&machine, "a.py::one", .passed, batch: first, scope: "a.py")
        record(&machine, "b.py::one", .error, batch: first, endedItsProcess: true, scope: "b.py")
        let (again, _) = crash(&machine, first)
        let batch = try #require(again)
        #expect(batch.scopes == ["a.py", "b.py"])
        #expect(batch.deselected == ["a.py": ["a.py::one"], "b.py": ["b.py::one"]])
    }
}

/// The last check before the verdict: nothing a run knew about may be missing from its report.
@Suite struct AccountingTests {
    let worker = WorkerID(host: "h1", slot: 1)

    func report(_ actions: [RunCoordinator.Action]) -> RunReport? {
        actions.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first
    }

    @Test func aSliceTestThatNeverReportedInABatchThatEndedInOrderIsLostAndFailsTheRun() throws {
        var (machine, batch) = coordinatorWithFirstBatch([
            WeightedScope(id: "big.py", expectedSeconds: 1, isKnown: true, tests: ["big.py::a", "big.py::b"])
        ])
        _ = machine.handle(
            .testFinished(
                TestResult(id: "big.py::a", scope: "big.py", outcome: .passed, worker: worker, batch: batch.id)),
            now: 1)
        let done = machine.handle(
            .batchDone(BatchCompletion(batchID: batch.id, worker: worker, startedAt: 0, wall: 1)), now: 2)
        let final = try #require(report(done))
        let lost = try #require(final.tests.first { $0.id == "big.py::b" })
        #expect(lost.outcome == .error && lost.message?.hasPrefix("lost:") == true)
        #expect(final.exitCode == .internalError)
        #expect(final.problems.contains { $0.contains("no result and no reason") })
    }

    @Test func testsASessionChoseNotToRunAreListedNotRun() throws {
        var (machine, batch) = coordinatorWithFirstBatch([WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true)])
        _ = machine.handle(
            .testFinished(
                TestResult(id: "a.py::one", scope: "a.py", outcome: .failed, worker: worker, batch: batch.id)),
            now: 1)
        let done = machine.handle(
            .batchDone(
                BatchCompletion(batchID: batch.id, worker: worker, startedAt: 0, wall: 1, exitCode: 1, notRun: ["a.py"])
            ),
            now: 2)
        let final = try #require(report(done))
        #expect(final.notRun == ["a.py"])
        #expect(final.exitCode == .testsFailed)
    }

    @Test func whatCannotRunAgainCarriesTheOutputThatSaysWhy() throws {
        var (machine, batch) = coordinatorWithFirstBatch([
            WeightedScope(id: "polls/tests.py", expectedSeconds: 1, isKnown: true)
        ])
        var final: RunReport?
        for _ in 0..<2 {
            let done = machine.handle(
                .batchDone(
                    BatchCompletion(
                        batchID: batch.id, worker: worker, startedAt: 0, wall: 1, exitCode: 1,
                        incomplete: ["polls/tests.py"],
                        outputTail: "Got an error creating the test database: database \"test_mysite\" already exists")),
                now: 2)
            final = report(done)
            batch =
                machine.handle(.slotReady(worker), now: 2).compactMap {
                    if case .run(let next, _) = $0 { next } else { nil }
                }.first ?? batch
        }
        let result = try #require(final?.tests.first { $0.id == "polls/tests.py" })
        #expect(result.outcome == .error)
        #expect(result.details?.contains("already exists") == true)
    }
}
