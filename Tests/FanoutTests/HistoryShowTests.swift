import FanoutCore
import FanoutReport
import Testing

/// `fanout history show` and `prune`: the counts a run adds, the lists worked out of them, and what a prune forgets.
@Suite struct HistoryShowTests {
    /// `history` after runs at times 1000, 2000, ... giving `a.py::t` the outcomes listed.
    func afterRuns(_ outcomes: [Outcome], retried: Set<Int> = [], history: History = History()) -> History {
        var history = history
        for (index, outcome) in outcomes.enumerated() {
            var result = TestResult(id: "a.py::t", scope: "a.py", outcome: outcome, duration: Double(index + 1))
            if retried.contains(index) {
                result.previousAttempts = [TestResult(id: "a.py::t", scope: "a.py", outcome: .failed)]
            }
            let run = RunSample(
                startedAt: Double(index + 1) * 1000, wall: 10, tests: 1, failures: outcome.isFailure ? 1 : 0, slots: 2,
                whole: true)
            history = HistoryUpdate(
                universe: ["a.py"], completedScopes: ["a.py"], results: [result], batchOverheads: [0.2],
                adapter: "pytest", run: run
            ).applied(to: history)
        }
        return history
    }

    @Test func eachRunCountsTheTestsRunsFailuresRetriesAndFlipsAndIsKept() {
        let history = afterRuns([.passed, .failed, .passed, .passed, .error], retried: [3])
        let record = history.tests["a.py::t"]
        #expect(record?.runs == 5)
        #expect(record?.failures == 2)
        #expect(record?.flaky == 1)
        // pass -> fail -> pass, then pass -> error: three flips.
        #expect(record?.flips == 3)
        #expect(record?.lastSeen == 5010)
        #expect(history.runs?.map(\.startedAt) == [1000, 2000, 3000, 4000, 5000])
    }

    @Test func onlyTheLastHundredRunsAreKept() {
        let history = afterRuns(Array(repeating: .passed, count: RunSample.capacity + 3))
        #expect(history.runs?.count == RunSample.capacity)
        #expect(history.runs?.first?.startedAt == 4000)
    }

    @Test func aTestFanoutNeverRanIsNotCountedAsFailing() {
        var result = TestResult(id: "a.py::t", scope: "a.py", outcome: .error)
        result.neverRan = true
        let history = HistoryUpdate(
            universe: ["a.py"], completedScopes: [], results: [result], batchOverheads: [], adapter: "pytest"
        ).applied(to: afterRuns([.passed]))
        #expect(history.tests["a.py::t"]?.failures == nil)
        #expect(history.tests["a.py::t"]?.runs == 1)
        #expect(history.lastFailedTests == ["a.py::t"], "--lf still runs it")
    }

    func record(_ scope: String, seconds: Double, runs: Int, failures: Int = 0, flaky: Int = 0, flips: Int = 0)
        -> History.TestRecord
    {
        var record = History.TestRecord(scope: scope, durations: DurationSamples([seconds]), lastOutcome: .passed)
        (record.runs, record.failures, record.flaky, record.flips) = (runs, failures, flaky, flips)
        return record
    }

    var mixed: History {
        var history = History()
        history.tests = [
            "a.py::slow": record("a.py", seconds: 9, runs: 4),
            "a.py::flaky": record("a.py", seconds: 1, runs: 4, flaky: 1, flips: 2),
            "b.py::broken": record("b.py", seconds: 2, runs: 4, failures: 4),
            "b.py::sometimes": record("b.py", seconds: 2, runs: 4, failures: 1, flips: 1),
        ]
        history.scopes = ["a.py": DurationSamples([10]), "b.py": DurationSamples([4])]
        return history
    }

    @Test func theDigestRanksEachListAndLeavesOutTestsWithNothingToShow() {
        let digest = HistoryDigest(mixed, count: 3, runs: 5)
        #expect(digest.slowest.map(\.id) == ["a.py::slow", "b.py::broken", "b.py::sometimes"])
        #expect(digest.flakiest.map(\.id) == ["a.py::flaky", "b.py::sometimes"])
        #expect(digest.flakiest.first?.value == 3)
        #expect(digest.mostFailing.map(\.id) == ["b.py::broken", "b.py::sometimes"])
        #expect(digest.testCount == 4 && digest.scopeCount == 2)
    }

    @Test func theShowTextListsEachSectionAndABarPerRun() {
        var history = mixed
        history.runs = [
            RunSample(startedAt: 1_796_356_800, wall: 20, tests: 4, failures: 1, slots: 4, whole: true),
            RunSample(startedAt: 1_796_360_400, wall: 10, tests: 2, failures: 0, slots: 4, whole: false),
        ]
        let text = HistoryShowText(digest: HistoryDigest(history, count: 2, runs: 5), path: "/w/.fanout/history.json")
            .render()
        #expect(text.hasPrefix("history /w/.fanout/history.json: 4 tests in 2 files, 2 recent runs\n"))
        #expect(text.contains("slowest tests (expected seconds):\n  9.00s  a.py::slow\n  2.00s  b.py::broken\n"))
        #expect(text.contains("  3 of 4 runs  a.py::flaky\n"))
        #expect(text.contains("most failing tests:\n  4 of 4 runs  b.py::broken\n"))
        #expect(
            text.contains(
                "  2026-12-04 04:00     20.0s      4 tests   1 failed   4 slots  " + String(repeating: "#", count: 40)))
        #expect(
            text.contains(
                "  2026-12-04 05:00     10.0s      2 tests   0 failed   4 slots *" + String(repeating: "#", count: 20)))
    }

    @Test func aPruneForgetsStaleAndNamedTestsTheirEmptiedFilesOverheadsAndOldRuns() {
        var history = mixed
        history.tests["a.py::slow"]?.lastSeen = 100
        history.tests["a.py::flaky"]?.lastSeen = 5000
        // b.py's tests have no stamp (a history from before stamps): never stale.
        history.batchOverhead = ["pytest": DurationSamples([0.2]), "pytest on h1": DurationSamples([0.3])]
        history.runs = (1...5).map {
            RunSample(startedAt: Double($0), wall: 1, tests: 1, failures: 0, slots: 1, whole: true)
        }
        let (stale, removedStale) = history.pruned(seenBefore: 1000, matching: [], overheads: false, keepRuns: nil)
        #expect(Set(stale.tests.keys) == ["a.py::flaky", "b.py::broken", "b.py::sometimes"])
        #expect(removedStale == History.Pruned(tests: 1, scopes: 0, overheads: 0, runs: 0))

        let (named, removedNamed) = history.pruned(
            seenBefore: nil, matching: [GlobPattern("b.py", mode: .fnmatch)], overheads: true, keepRuns: 2)
        #expect(Set(named.tests.keys) == ["a.py::slow", "a.py::flaky"])
        #expect(named.scopes.keys.sorted() == ["a.py"])
        #expect(named.batchOverhead.isEmpty)
        #expect(named.runs?.map(\.startedAt) == [4, 5])
        #expect(removedNamed == History.Pruned(tests: 2, scopes: 1, overheads: 2, runs: 3))

        let byID = history.pruned(
            seenBefore: nil, matching: [GlobPattern("*::sometimes", mode: .fnmatch)], overheads: false, keepRuns: nil)
        #expect(byID.history.tests.count == 3)
        #expect(byID.history.scopes.count == 2, "b.py still has a test")
    }
}
