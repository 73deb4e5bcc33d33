import FanoutCore
import FanoutReport
import Testing

/// The typed run events: what the console makes of each, and what the history takes from the stream.
@Suite struct EventStreamTests {
    func console(_ events: [RunEvent]) -> [String] {
        var lines: [String] = []
        var console = ConsoleReporter(style: ConsoleStyle(enabled: false)) { lines.append($0) }
        for event in events { console.handle(event) }
        return lines
    }

    let worker = WorkerID(host: "h1", slot: 2)

    @Test func theConsoleSaysWhatEachRunEventMeans() {
        var failed = TestResult(id: "a.py::t", scope: "a.py", outcome: .failed, worker: worker)
        failed.batch = 3
        let record = BatchRecord(
            id: 3, worker: worker, scopes: ["a.py"], startedAt: 0, wall: 1, exitCode: 0, signal: nil)
        #expect(
            console([
                .hostJoined(host: "h1", workers: [worker]),
                .hostUnavailable(host: "h2", reason: "connection refused"),
                .hostLost(host: "h1", reason: "the agent exited"),
                .retryScheduled(failed, attempt: 2, attempts: 3),
                .requeued(units: ["a.py", "pin:1"]),
                .isolation(scope: "c.py", step: .setupStarted),
                .isolation(scope: "c.py", step: .setupSucceeded(detail: "setup finished in 0.10s")),
                .isolation(scope: "c.py", step: .setupFailed(detail: "exit 1")),
                .isolation(scope: "c.py", step: .teardownStarted),
                .isolation(scope: "c.py", step: .teardownFailed(detail: "exit 2")),
                .stopping(.maxfail(2)),
                .stopping(.interrupted),
                .stopping(.interruptedAgain),
                .stopping(.smokeFailed(count: 4)),
                .batchStarted(Batch(id: 3, scopes: ["a.py"], expectedSeconds: 1), worker: worker),
                .batchFinished(record, overhead: 0.2),
                .quarantined(testIDs: ["a.py::t"], reason: "not run: quarantined"),
                .notice("split big.py into 2 slices of its 8 tests"),
            ])
                == [
                    "fanout: h1 ready with 1 slot\n",
                    "fanout: host h2 unavailable: connection refused\n",
                    "fanout: host h1 lost: the agent exited\n",
                    "fanout: a.py::t failed on h1-s2; running it again (attempt 2 of 3)\n",
                    "fanout: the test process ended abnormally; the unreported tests of a.py, pin:1 run again\n",
                    "fanout: isolated c.py: running its setup command\n",
                    "fanout: isolated c.py: setup finished in 0.10s\n",
                    "fanout: isolated c.py: setup failed (exit 1); its tests did not run\n",
                    "fanout: isolated c.py: running its teardown command\n",
                    "fanout: isolated c.py: teardown failed (exit 2)\n",
                    "fanout: stopping after 2 failed tests (--maxfail)\n",
                    "fanout: interrupted: stopping running batches and writing the partial report\n",
                    "fanout: interrupted again: not waiting for running batches (the teardown still runs)\n",
                    "fanout: all 4 smoke tests failed: the environment looks broken, stopping (see the failures above)\n",
                    "fanout: split big.py into 2 slices of its 8 tests\n",
                ])
    }

    @Test func theHistoryKeepsCompletedWholeScopesOverheadsAndEveryResult() {
        var recording = HistoryRecording(
            universe: ["a.py", "b.py", "c.py"], partialScopes: ["b.py"], overheadKey: "pytest")
        let record = BatchRecord(
            id: 1, worker: worker, scopes: ["a.py"], startedAt: 0, wall: 1, exitCode: 0, signal: nil)
        let result = TestResult(id: "a.py::t", scope: "a.py", outcome: .passed, duration: 0.5)
        let report = RunReport(
            runID: "r", adapter: "pytest", workspace: "/w", startedAt: 0, duration: 1, exitCode: .allPassed,
            interrupted: false, problems: [], workers: [worker], counts: OutcomeCounts([.passed: 1]), scopes: [],
            notRun: [], tests: [result], batches: [record])
        let events: [RunEvent] = [
            .batchFinished(record, overhead: 0.5), .batchFinished(record, overhead: nil),
            .scopeFinished(
                ScopeReport(id: "a.py", counts: OutcomeCounts(), duration: 0.5, workers: []), finished: 1, total: 3),
            .scopeFinished(
                ScopeReport(id: "b.py", counts: OutcomeCounts(), duration: 0, workers: []), finished: 2, total: 3),
            .testFinished(result),
        ]
        for event in events {
            let update = recording.handle(event)
            #expect(update == nil, "only the run's end makes the update")
        }
        let update = recording.handle(.finished(report))
        #expect(update?.completedScopes == ["a.py"])
        #expect(update?.batchOverheads == [0.5])
        #expect(update?.results == [result])
        #expect(update?.universe == ["a.py", "b.py", "c.py"])
        #expect(update?.adapter == "pytest")
    }

    @Test func aSlotsFirstBatchWhichAlsoPaidTheSlotsStartIsNoOverheadSampleUnlessNothingElseIs() {
        func overheads(_ batches: [(slot: Int, overhead: Double)]) -> [Double]? {
            var recording = HistoryRecording(universe: ["a.py"], partialScopes: [], overheadKey: "pytest warm")
            for (index, batch) in batches.enumerated() {
                let record = BatchRecord(
                    id: index + 1, worker: WorkerID(host: "h", slot: batch.slot), scopes: ["a.py"], startedAt: 0,
                    wall: 1, exitCode: 0, signal: nil)
                _ = recording.handle(.batchFinished(record, overhead: batch.overhead))
            }
            let report = RunReport(
                runID: "r", adapter: "pytest", workspace: "/w", startedAt: 0, duration: 1, exitCode: .allPassed,
                interrupted: false, problems: [], workers: [], counts: OutcomeCounts(), scopes: [], notRun: [],
                tests: [], batches: [])
            return recording.handle(.finished(report))?.batchOverheads
        }
        #expect(overheads([(1, 2.0), (2, 2.2), (1, 0.1), (2, 0.2), (1, 0.15)]) == [0.1, 0.2, 0.15])
        #expect(overheads([(1, 2.0), (2, 2.2)]) == [2.0, 2.2], "one batch a slot: the first batches are all there is")
        #expect(overheads([]) == [])
    }
}
