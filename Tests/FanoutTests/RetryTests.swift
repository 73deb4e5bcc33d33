import FanoutCore
import Testing

/// `--retries`: failed tests run again; flaky ones keep their failed attempts; nothing held back is ever lost.
@Suite struct RetryTests {
    let worker = WorkerID(host: "h1", slot: 1)

    func machine(retries: Int, flakyFails: Bool = false) -> (RunCoordinator, Batch) {
        coordinatorWithFirstBatch(
            [WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true)], retries: retries, flakyFails: flakyFails)
    }

    /// Reports `outcomes` for the batch's tests, ends it, and returns the next batch or the final report.
    func run(_ machine: inout RunCoordinator, _ batch: Batch, _ outcomes: [String: Outcome]) -> (Batch?, RunReport?) {
        for (id, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
            _ = machine.handle(
                .testFinished(
                    TestResult(
                        id: id, scope: "a.py", outcome: outcome, message: "\(outcome)", worker: worker, batch: batch.id)
                ),
                now: 1)
        }
        let done = machine.handle(
            .batchDone(BatchCompletion(batchID: batch.id, worker: worker, startedAt: 0, wall: 1)), now: 1)
        let next = machine.handle(.slotReady(worker), now: 1)
        let report = (done + next).compactMap { if case .finish(let report) = $0 { report } else { nil } }.first
        let batch = next.compactMap { if case .run(let batch, _) = $0 { batch } else { nil } }.first
        return (batch, report)
    }

    @Test func aTestThatPassesOnItsRetryIsFlakyAndTheRunPasses() throws {
        var (machine, batch) = machine(retries: 2)
        let (retry, none) = run(&machine, batch, ["a.py::ok": .passed, "a.py::wobbly": .failed])
        #expect(none == nil)
        let again = try #require(retry)
        #expect(again.slices["a.py"] == ["a.py::wobbly"], "only the failed test runs again")
        let (_, final) = run(&machine, again, ["a.py::wobbly": .passed])
        let report = try #require(final)
        let wobbly = try #require(report.tests.first { $0.id == "a.py::wobbly" })
        #expect(wobbly.outcome == .passed)
        #expect(wobbly.isFlaky)
        #expect(wobbly.previousAttempts?.map(\.outcome) == [.failed])
        #expect(report.exitCode == .allPassed)
        #expect(report.tests.count == 2)
    }

    @Test func flakyFailMakesAFlakyTestFailTheRun() throws {
        var (machine, batch) = machine(retries: 1, flakyFails: true)
        let (retry, _) = run(&machine, batch, ["a.py::wobbly": .failed])
        let (_, final) = run(&machine, try #require(retry), ["a.py::wobbly": .passed])
        #expect(try #require(final).exitCode == .testsFailed)
    }

    @Test func aTestThatAlwaysFailsRunsRetriesPlusOneTimes() throws {
        var (machine, batch) = machine(retries: 2)
        var next: Batch? = batch
        var report: RunReport?
        var runs = 0
        while let current = next, report == nil {
            runs += 1
            (next, report) = run(&machine, current, ["a.py::broken": .failed])
        }
        #expect(runs == 3)
        let broken = try #require(report?.tests.first)
        #expect(broken.outcome == .failed)
        #expect(broken.previousAttempts?.count == 2)
        #expect(!broken.isFlaky)
        #expect(report?.exitCode == .testsFailed)
    }

    @Test func aHeldFailureIsRecordedWhenTheRunStopsBeforeItsRetry() throws {
        var (machine, batch) = machine(retries: 3)
        _ = machine.handle(
            .testFinished(TestResult(id: "a.py::x", scope: "a.py", outcome: .failed, worker: worker, batch: batch.id)),
            now: 1)
        _ = machine.handle(.interrupt, now: 1)
        let done = machine.handle(
            .batchDone(BatchCompletion(batchID: batch.id, worker: worker, startedAt: 0, wall: 1, cancelled: true)),
            now: 2)
        let report = try #require(done.compactMap { if case .finish(let report) = $0 { report } else { nil } }.first)
        #expect(report.tests.map(\.id) == ["a.py::x"])
        #expect(report.tests.first?.outcome == .failed)
    }
}
