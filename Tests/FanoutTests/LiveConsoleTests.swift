import FanoutCore
import FanoutReport
import Testing

/// The live console on a terminal: progress and ETA from the events, a status block that fits the width, and
/// redraws that erase exactly what they drew.
@Suite struct LiveConsoleTests {
    static let s1 = WorkerID(host: "h1", slot: 1)
    static let s2 = WorkerID(host: "h1", slot: 2)

    func scope(_ id: String, seconds: Double) -> ScopeReport {
        ScopeReport(id: id, counts: OutcomeCounts([.passed: 1]), duration: seconds, workers: [Self.s1])
    }

    func result(_ id: String, _ outcome: Outcome = .passed, worker: WorkerID = s1) -> TestResult {
        TestResult(id: id, scope: String(id.split(separator: ":")[0]), outcome: outcome, worker: worker)
    }

    /// Four files of 10 s each by history, on two slots; the first took 20 s (twice as slow as expected).
    var halfwayAtTwiceTheExpectedTime: RunProgress {
        var progress = RunProgress()
        progress.handle(.started(runID: "r", adapter: "pytest", scopeCount: 4, at: 100))
        progress.handle(.planned(expectedSeconds: ["a.py": 10, "b.py": 10, "c.py": 10, "d.py": 10]))
        progress.handle(.hostJoined(host: "h1", workers: [Self.s1, Self.s2]))
        progress.handle(.testStarted(testID: "a.py::t", scope: "a.py", worker: Self.s1, at: 101))
        progress.handle(.testFinished(result("a.py::t")))
        progress.handle(.scopeFinished(scope("a.py", seconds: 20), finished: 1, total: 4))
        progress.handle(.testStarted(testID: "b.py::t", scope: "b.py", worker: Self.s2, at: 121))
        progress.handle(.tick(at: 130))
        return progress
    }

    @Test func theETAIsTheExpectedTimeLeftAtThisRunsPaceOverTheSlots() {
        let progress = halfwayAtTwiceTheExpectedTime
        // 30 s of history left, run at twice its time, on two slots.
        #expect(progress.eta == 30)
        #expect(progress.elapsed == 30)
        #expect(progress.testsDone == 1 && progress.failures == 0)
        #expect(progress.running[Self.s2] == .some("b.py::t"))
        #expect(progress.running[Self.s1] == .some(nil))
    }

    @Test func withoutHistoryTheETAScalesTheElapsedTimeByTheFilesLeft() {
        var progress = RunProgress()
        progress.handle(.started(runID: "r", adapter: "pytest", scopeCount: 4, at: 0))
        #expect(progress.eta == nil, "nothing finished: no guess")
        progress.handle(.hostJoined(host: "h1", workers: [Self.s1]))
        progress.handle(.scopeFinished(scope("a.py", seconds: 5), finished: 1, total: 4))
        progress.handle(.tick(at: 6))
        #expect(progress.eta == 18)
        progress.handle(.hostLost(host: "h1", reason: "gone"))
        #expect(progress.running.isEmpty)
    }

    @Test func theBlockShowsCountsAnETAAndEverySlotWithinTheWidth() {
        let lines = StatusBlock().lines(halfwayAtTwiceTheExpectedTime, width: 60, style: ConsoleStyle(enabled: false))
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("] 1/4 files  1 tests  0:30  ETA 0:30"), "\(lines[0])")
        #expect(lines[0].hasPrefix("[="), "\(lines[0])")
        #expect(lines[1].hasPrefix("  h1  s1 idle | s2 b.py::t"))
        let narrow = StatusBlock().lines(halfwayAtTwiceTheExpectedTime, width: 20, style: ConsoleStyle(enabled: false))
        #expect(narrow.allSatisfy { $0.count < 20 }, "\(narrow)")
        #expect(StatusBlock.clock(3723) == "1:02:03" && StatusBlock.clock(42) == "0:42")
    }

    @Test func eachRedrawErasesTheBlockItDrewAndTheSummaryLeavesNone() {
        var output: [String] = []
        var time = 0.0
        var console = LiveConsole(
            style: ConsoleStyle(enabled: false), verbosity: .normal, width: { 80 }, clock: { time },
            write: { output.append($0) })
        console.handle(.started(runID: "r", adapter: "pytest", scopeCount: 2, at: 0))
        #expect(output.last?.hasPrefix("fanout pytest: 2 files to run (run r)\n[") == true, "\(output)")
        console.handle(.hostJoined(host: "h1", workers: [Self.s1, Self.s2]))
        // One status line was drawn: the next write goes up one line first.
        #expect(output.last?.hasPrefix("\r\u{1B}[1A\u{1B}[Jfanout: h1 ready with 2 slots\n") == true, "\(output)")
        time = 0.05
        let before = output.count
        console.handle(.testStarted(testID: "a.py::t", scope: "a.py", worker: Self.s1, at: 0.05))
        #expect(output.count == before, "no redraw within a tenth of a second for nothing new to print")
        var failed = result("a.py::t", .failed)
        failed.details = "line 1\nE   assert 1 == 2"
        console.handle(.testFinished(failed))
        #expect(
            output.last?.hasPrefix("\r\u{1B}[2A\u{1B}[JFAILED a.py::t (h1-s1)\n    line 1\n    E   assert 1 == 2\n")
                == true, "\(output)")
        console.handle(.finished(summaryReport))
        let summary = output.last ?? ""
        #expect(summary.hasPrefix("\r\u{1B}[2A\u{1B}[J"))
        #expect(!summary.contains("] 0/2 files"), "no status after the summary")
        #expect(summary.hasSuffix("=\n"), "\(summary)")
    }

    var summaryReport: RunReport {
        RunReport(
            runID: "r", adapter: "pytest", workspace: "/w", startedAt: 0, duration: 1, exitCode: .allPassed,
            interrupted: false, problems: [], workers: [Self.s1], counts: OutcomeCounts([.passed: 1]), scopes: [],
            notRun: [], tests: [], batches: [])
    }

    @Test func quietLeavesOutFileLinesAndVerboseAddsALinePerTest() {
        var quiet: [String] = []
        var console = ConsoleReporter(style: ConsoleStyle(enabled: false), verbosity: .quiet) { quiet.append($0) }
        console.handle(.hostJoined(host: "h1", workers: [Self.s1]))
        console.handle(.testFinished(result("a.py::ok")))
        console.handle(.scopeFinished(scope("a.py", seconds: 1), finished: 1, total: 1))
        console.handle(.testFinished(result("a.py::bad", .failed)))
        #expect(quiet == ["FAILED a.py::bad (h1-s1)\n"])
        var verbose: [String] = []
        var loud = ConsoleReporter(style: ConsoleStyle(enabled: false), verbosity: .verbose) { verbose.append($0) }
        loud.handle(.testFinished(result("a.py::ok")))
        #expect(verbose == ["PASSED a.py::ok (h1-s1) 0.00s\n"])
    }
}
