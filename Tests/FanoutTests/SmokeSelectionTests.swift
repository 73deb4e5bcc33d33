import FanoutCore
import Testing

/// A history holding `tests` (id, scope, seconds, last outcome).
func historyOf(_ tests: [(String, String, Double, Outcome)]) -> History {
    var history = History()
    for (id, scope, seconds, outcome) in tests {
        history.tests[id] = .init(scope: scope, durations: DurationSamples([seconds]), lastOutcome: outcome)
    }
    return history
}

@Suite struct SmokeSelectionTests {
    var history: History {
        historyOf([
            ("a.py::fast", "a.py", 0.01, .passed), ("a.py::slow", "a.py", 5, .passed),
            ("b.py::fast", "b.py", 0.02, .passed), ("b.py::broken", "b.py", 0.001, .failed),
            ("gone.py::fast", "gone.py", 0.001, .passed), ("c.py::medium", "c.py", 0.5, .passed),
        ])
    }

    @Test func picksTheFastestTestsThatPassedInExistingFiles() {
        let selection = SmokeSelection(count: 2, history: history, universe: ["a.py", "b.py", "c.py"])
        #expect(selection.testsByScope == ["a.py": ["a.py::fast"], "b.py": ["b.py::fast"]])
        #expect(SmokeSelection(count: 5, history: History(), universe: ["a.py"]).count == 0)
    }

    @Test func smokeTestsRunFirstAloneAndNeverTwice() throws {
        let selection = SmokeSelection(count: 2, history: history, universe: ["a.py", "b.py", "c.py"])
        let units = [
            WeightedScope(id: "a.py", expectedSeconds: 5, isKnown: true),
            WeightedScope(id: "b.py", expectedSeconds: 1, isKnown: true, tests: ["b.py::fast"]),
            WeightedScope(id: "b.py", expectedSeconds: 1, isKnown: true, tests: ["b.py::other"]),
            WeightedScope(id: "c.py", expectedSeconds: 1, isKnown: true),
        ]
        let (smoke, rest) = selection.apply(to: units)
        #expect(smoke.map(\.tests) == [["a.py::fast"], ["b.py::fast"]])
        #expect(rest.first { $0.id == "a.py" }?.deselected == ["a.py": ["a.py::fast"]])
        #expect(rest.filter { $0.id == "b.py" }.map(\.tests) == [["b.py::other"]])
        #expect(rest.first { $0.id == "c.py" }?.deselected.isEmpty == true)

        var queue = WorkQueue(scopes: rest, policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0), firstBatch: smoke)
        let firstBatch = queue.nextBatch()
        let first = try #require(firstBatch)
        #expect(first.isSmoke)
        #expect(first.slices == ["a.py": ["a.py::fast"], "b.py": ["b.py::fast"]])
        let secondBatch = queue.nextBatch()
        let second = try #require(secondBatch)
        #expect(!second.isSmoke)
        #expect(second.scopes == ["a.py"])
        #expect(second.deselected == ["a.py": ["a.py::fast"]])
    }

    @Test func whenEverySmokeTestFailsTheRunStops() throws {
        for allFail in [true, false] {
            var machine = RunCoordinator(
                runID: "r", adapter: "pytest", workspace: "/w",
                scopes: [
                    WeightedScope(id: "a.py", expectedSeconds: 5, isKnown: true, deselected: ["a.py": ["a.py::fast"]]),
                    WeightedScope(id: "c.py", expectedSeconds: 5, isKnown: true),
                ],
                policy: BatchPolicy(slotCount: 1, perBatchOverhead: 0), startedAt: 0,
                smoke: [WeightedScope(id: "a.py", expectedSeconds: 0, isKnown: true, tests: ["a.py::fast"])])
            _ = machine.start(now: 0)
            _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 0)
            let worker = WorkerID(host: "local", slot: 1)
            let actions = machine.handle(.slotReady(worker), now: 0)
            guard case .run(let batch, _) = actions.last else {
                Issue.record("no batch")
                return
            }
            #expect(batch.isSmoke)
            _ = machine.handle(
                .testFinished(
                    TestResult(
                        id: "a.py::fast", scope: "a.py", outcome: allFail ? .error : .passed, worker: worker,
                        batch: batch.id)), now: 1)
            let done = machine.handle(
                .batchDone(BatchCompletion(batchID: batch.id, worker: worker, startedAt: 0, wall: 1)), now: 1)
            let stopped = done.contains { if case .finish = $0 { true } else { false } }
            #expect(stopped == allFail)
            if allFail {
                #expect(done.contains(.emit(.stopping(.smokeFailed(count: 1)))))
            }
        }
    }
}

@Suite struct LastFailedSelectionTests {
    @Test func onlyLastFailuresOfFilesThatStillExist() {
        let history = historyOf([
            ("a.py::ok", "a.py", 1, .passed), ("a.py::bad", "a.py", 2, .failed), ("a.py::worse", "a.py", 3, .error),
            ("b.py::ok", "b.py", 1, .passed), ("c.py", "c.py", 0, .error), ("gone.py::bad", "gone.py", 1, .failed),
        ])
        let selection = LastFailedSelection(history: history, universe: ["a.py", "b.py", "c.py"])
        #expect(selection.testsByScope == ["a.py": ["a.py::bad", "a.py::worse"]])
        #expect(selection.wholeScopes == ["c.py"])
        #expect(selection.count == 3)
        let units = selection.apply(
            to: ["a.py", "b.py", "c.py"].map { WeightedScope(id: $0, expectedSeconds: 10, isKnown: true) },
            history: history)
        #expect(
            units == [
                WeightedScope(id: "c.py", expectedSeconds: 10, isKnown: true),
                WeightedScope(id: "a.py", expectedSeconds: 5, isKnown: true, tests: ["a.py::bad", "a.py::worse"]),
            ])
        #expect(LastFailedSelection(history: History(), universe: ["a.py"]).isEmpty)
    }
}
