import FanoutAdapters
import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ReportTests {
    let report = RunReport(
        runID: "r", adapter: "pytest", workspace: "/w", startedAt: 1_700_000_000, duration: 2.5, exitCode: .testsFailed,
        interrupted: false, problems: [], workers: [WorkerID(host: "local", slot: 1)],
        counts: OutcomeCounts([.passed: 1, .failed: 1, .xfailed: 1]),
        scopes: [
            ScopeReport(
                id: "tests/test_a.py", counts: OutcomeCounts([.passed: 1, .failed: 1, .xfailed: 1]), duration: 1.25,
                workers: [WorkerID(host: "local", slot: 1)])
        ],
        notRun: [],
        tests: [
            TestResult(
                id: "tests/test_a.py::TestK::test_ok[a <b> & \"c\"]", scope: "tests/test_a.py", outcome: .passed,
                duration: 0.5, stdout: "bell\u{7} and \u{1B}[31mred"),
            TestResult(
                id: "tests/test_a.py::test_bad", scope: "tests/test_a.py", outcome: .failed, duration: 0.75,
                message: "assert 1 == 2", details: "E   assert 1 == 2\n<tb>", worker: WorkerID(host: "local", slot: 1)),
            TestResult(id: "tests/test_a.py::test_x", scope: "tests/test_a.py", outcome: .xfailed, message: "bug #1"),
        ],
        batches: [])

    @Test func junitXMLIsWellFormedAndCarriesOutcomes() throws {
        let xml = JUnitReportWriter(ids: PytestFramework().ids).render(report)
        #expect(xml.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""))
        #expect(xml.contains("#x07"))
        #expect(xml.contains("<failure message=\"assert 1 == 2\">E   assert 1 == 2\n&lt;tb&gt;</failure>"))
        #expect(xml.contains("<skipped type=\"pytest.xfail\" message=\"bug #1\"/>"))
        #expect(xml.contains("timestamp=\"2023-11-14T22:13:20Z\""))
        let document = try XMLDocument(data: Data(xml.utf8))
        let names = try document.nodes(forXPath: "//testcase/@name").compactMap(\.stringValue)
        #expect(names == ["test_ok[a <b> & \"c\"]", "test_bad", "test_x"])
    }

    @Test func jsonReportRoundTrips() throws {
        let data = try JSONReportWriter().render(report)
        #expect(try JSONReportWriter.decode(data) == report)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((object?["counts"] as? [String: Int])?["error"] == 0)
        #expect(object?["exitCode"] as? Int == 1)
    }

    @Test func consoleShowsFailuresProgressAndSummary() {
        var lines: [String] = []
        var console = ConsoleReporter(style: ConsoleStyle(enabled: false)) { lines.append($0) }
        console.handle(.testFinished(report.tests[1]))
        console.handle(.scopeFinished(report.scopes[0], finished: 1, total: 12))
        console.handle(.finished(report))
        let text = lines.joined()
        #expect(lines[0] == "FAILED tests/test_a.py::test_bad (local-s1) - assert 1 == 2\n")
        #expect(lines[1] == "[ 1/12] tests/test_a.py  1 failed, 1 passed, 1 xfailed  1.25s  local-s1\n")
        #expect(text.contains("short test summary info"))
        #expect(text.contains(" 1 failed, 1 passed, 1 xfailed in 2.50s on 1 slot "))
    }

    @Test func theHeadlineNamesTheScopesAsTheAdapterHandsThemOut() {
        var lines: [String] = []
        var console = ConsoleReporter(style: ConsoleStyle(enabled: false)) { lines.append($0) }
        for (adapter, count) in [("pytest", 3), ("regrtest", 1), ("regrtest", 20), ("swift", 9), ("command", 2)] {
            console.handle(.started(runID: "r", adapter: adapter, scopeCount: count, at: 0))
        }
        #expect(
            lines == [
                "fanout pytest: 3 files to run (run r)\n", "fanout regrtest: 1 test module to run (run r)\n",
                "fanout regrtest: 20 test modules to run (run r)\n", "fanout swift: 9 suites to run (run r)\n",
                "fanout command: 2 scopes to run (run r)\n",
            ])
    }

    @Test func countsPhraseMatchesPytest() {
        #expect(OutcomeCounts([.error: 2, .passed: 3]).phrase == "3 passed, 2 errors")
        #expect(OutcomeCounts().phrase == "no tests ran")
    }
}
