import FanoutCore
import Testing

@Suite struct HistoryTests {
    @Test func medianIgnoresOneOutlier() {
        var samples = DurationSamples()
        for value in [1.0, 1.1, 50.0, 0.9, 1.0] { samples.record(value) }
        #expect(samples.expected == 1.0)
    }

    @Test func keepsOnlyTheNewestSamples() {
        var samples = DurationSamples()
        for value in 1...8 { samples.record(Double(value)) }
        #expect(samples.values == [4, 5, 6, 7, 8])
        samples.record(.nan)
        samples.record(-1)
        #expect(samples.values.count == DurationSamples.capacity)
    }

    @Test func medianOfEvenCountAveragesTheMiddle() {
        #expect(DurationSamples.median([4, 1, 3, 2]) == 2.5)
        #expect(DurationSamples.median([]) == nil)
    }

    @Test func updateRecordsCompletedScopesAndTests() {
        let results = [
            TestResult(id: "a.py::t1", scope: "a.py", outcome: .passed, duration: 2),
            TestResult(id: "a.py::t2", scope: "a.py", outcome: .failed, duration: 1),
            TestResult(id: "a.py::t3", scope: "a.py", outcome: .skipped, duration: 0),
        ]
        let history = HistoryUpdate(
            universe: ["a.py"], completedScopes: ["a.py"], results: results, batchOverheads: [0.4],
            adapter: "pytest"
        ).applied(to: History())
        #expect(history.expectedSeconds(ofScope: "a.py") == 3)
        #expect(history.tests["a.py::t2"]?.lastOutcome == .failed)
        #expect(history.tests["a.py::t3"]?.durations.values == [])
        #expect(history.lastFailedTests == ["a.py::t2"])
        #expect(history.batchOverhead["pytest"]?.expected == 0.4)
    }

    @Test func aFileWhoseProcessDiedBeforeAnyTestKeepsItsHistory() {
        var history = History()
        history.scopes["a.py"] = DurationSamples([4])
        history.tests["a.py::t"] = .init(scope: "a.py", durations: DurationSamples([4]), lastOutcome: .passed)
        let updated = HistoryUpdate(
            universe: ["a.py", "b.py"], completedScopes: ["a.py", "b.py"],
            results: [
                neverRan(TestResult(id: "a.py", scope: "a.py", outcome: .error, duration: 0)),
                TestResult(id: "b.py", scope: "b.py", outcome: .error, duration: 0.1),
                TestResult(id: "b.py::t", scope: "b.py", outcome: .passed, duration: 2),
            ],
            batchOverheads: [], adapter: "pytest"
        ).applied(to: history)
        #expect(updated.scopes["a.py"]?.values == [4], "a file that never ran took no time worth learning")
        #expect(updated.tests["a.py::t"] != nil)
        #expect(updated.tests["a.py"]?.durations.values == [], "no zero for what never ran")
        #expect(updated.lastFailedTests.contains("a.py"), "--lf runs it again")
        #expect(updated.expectedSeconds(ofScope: "b.py") == 2.1, "a file-level error beside tests that ran counts")
        // A file the framework itself reports broken (an import error) did run: its zero is its cost.
        let broken = HistoryUpdate(
            universe: ["c.py"], completedScopes: ["c.py"],
            results: [TestResult(id: "c.py", scope: "c.py", outcome: .error, duration: 0)], batchOverheads: [],
            adapter: "pytest"
        ).applied(to: History())
        #expect(broken.scopes["c.py"]?.values == [0])
    }

    func neverRan(_ result: TestResult) -> TestResult {
        var result = result
        result.neverRan = true
        return result
    }

    @Test func deletedScopesAndRenamedTestsAreDropped() {
        var history = History()
        history.scopes["gone.py"] = DurationSamples([5])
        history.scopes["kept.py"] = DurationSamples([1])
        history.tests["gone.py::t"] = .init(scope: "gone.py", durations: DurationSamples([5]), lastOutcome: .passed)
        history.tests["kept.py::old_name"] = .init(
            scope: "kept.py", durations: DurationSamples([1]), lastOutcome: .passed)
        history.tests["other.py::t"] = .init(scope: "other.py", durations: DurationSamples([1]), lastOutcome: .passed)
        let updated = HistoryUpdate(
            universe: ["kept.py", "other.py"], completedScopes: ["kept.py"],
            results: [TestResult(id: "kept.py::new_name", scope: "kept.py", outcome: .passed, duration: 1)],
            batchOverheads: [], adapter: "pytest"
        ).applied(to: history)
        #expect(updated.scopes["gone.py"] == nil)
        #expect(updated.tests["gone.py::t"] == nil)
        #expect(updated.tests["kept.py::old_name"] == nil)
        #expect(updated.tests["kept.py::new_name"] != nil)
        // A scope that did not run this time keeps its tests.
        #expect(updated.tests["other.py::t"] != nil)
        #expect(updated.scopes["kept.py"]?.values == [1, 1])
    }

    @Test func interruptedScopesDoNotRecordPartialDurations() {
        let updated = HistoryUpdate(
            universe: ["a.py"], completedScopes: [],
            results: [TestResult(id: "a.py::t", scope: "a.py", outcome: .passed, duration: 0.1)],
            batchOverheads: [], adapter: "pytest"
        ).applied(to: History(scopes: ["a.py": DurationSamples([10])]))
        #expect(updated.expectedSeconds(ofScope: "a.py") == 10)
    }
}
