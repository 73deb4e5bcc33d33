import FanoutCore
import Foundation
import Testing

@testable import FanoutReport

/// The HTML report's model and page: what the script is given, and that nothing in a run can break the page.
@Suite struct HTMLReportTests {
    static let h1 = WorkerID(host: "h1", slot: 1)
    static let h2 = WorkerID(host: "h2", slot: 1)

    var report: RunReport {
        var flaky = TestResult(
            id: "tests/test_b.py::flaky", scope: "tests/test_b.py", outcome: .passed, duration: 0.5, worker: Self.h2,
            batch: 2)
        flaky.previousAttempts = [
            TestResult(id: flaky.id, scope: flaky.scope, outcome: .failed, message: "boom", worker: Self.h1, batch: 1)
        ]
        let tests = [
            TestResult(
                id: "tests/test_a.py::ok", scope: "tests/test_a.py", outcome: .passed, duration: 2, worker: Self.h1,
                batch: 1),
            TestResult(
                id: "tests/test_a.py::bad[</script><!--]", scope: "tests/test_a.py", outcome: .failed, duration: 1,
                message: "assert 1 == 2", details: "E assert 1 == 2 </script>", worker: Self.h1, batch: 1),
            TestResult(
                id: "tests/test_b.py::skip", scope: "tests/test_b.py", outcome: .skipped, worker: Self.h2, batch: 2),
            flaky,
        ]
        return RunReport(
            runID: "r1", adapter: "pytest", workspace: "/w", startedAt: 1000, duration: 10, exitCode: .testsFailed,
            interrupted: false, problems: ["host h3 lost: gone"], workers: [Self.h1, Self.h2],
            counts: OutcomeCounts([.passed: 2, .failed: 1, .skipped: 1]),
            scopes: [
                ScopeReport(
                    id: "tests/test_a.py", counts: OutcomeCounts([.passed: 1, .failed: 1]), duration: 3,
                    workers: [Self.h1]),
                ScopeReport(
                    id: "tests/test_b.py", counts: OutcomeCounts([.passed: 1, .skipped: 1]), duration: 0.5,
                    workers: [Self.h2]),
            ],
            notRun: [], tests: tests,
            batches: [
                BatchRecord(
                    id: 1, worker: Self.h1, scopes: ["tests/test_a.py"], startedAt: 1001, wall: 4, exitCode: 1,
                    signal: nil),
                BatchRecord(
                    id: 2, worker: Self.h2, scopes: ["tests/test_b.py"], startedAt: 1002.5, wall: 5, exitCode: 0,
                    signal: nil),
            ])
    }

    @Test func batchesAreRowsOnTheirSlotsLaneColouredByTheirWorstOutcome() {
        let model = HTMLReportModel(report)
        #expect(model.workers == ["h1-s1", "h2-s1"])
        let failed = HTMLReportModel.outcomes.firstIndex(of: .failed)!
        let passed = HTMLReportModel.outcomes.firstIndex(of: .passed)!
        #expect(
            model.batches == [
                [.integer(0), .number(1), .number(4), .integer(failed), .integer(1), .text("tests/test_a.py")],
                [.integer(1), .number(2.5), .number(5), .integer(passed), .integer(2), .text("tests/test_b.py")],
            ])
    }

    @Test func testsFailuresFlakyAndHostsAreWhatTheReportSays() {
        let model = HTMLReportModel(report)
        #expect(model.tests.count == 4)
        #expect(model.tests[0] == [.text("tests/test_a.py::ok"), .integer(0), .integer(0), .number(2), .integer(0)])
        #expect(model.failures.map(\.id) == ["tests/test_a.py::bad[</script><!--]"])
        #expect(model.failures.first?.details == "E assert 1 == 2 </script>")
        #expect(
            model.flaky == [
                .init(
                    id: "tests/test_b.py::flaky", worker: "h2-s1",
                    attempts: [.init(outcome: "failed", worker: "h1-s1", message: "boom")])
            ])
        #expect(model.slowestTests.first == [.text("tests/test_a.py::ok"), .number(2), .text("h1-s1")])
        #expect(
            model.hosts == [
                .init(host: "h1", slots: 1, tests: 2, batches: 1, busy: 4, utilisation: 0.4),
                .init(host: "h2", slots: 1, tests: 2, batches: 1, busy: 5, utilisation: 0.5),
            ])
        #expect(model.problems == ["host h3 lost: gone"])
    }

    @Test func thePageIsSelfContainedAndNoTestTextCanEndItsScript() throws {
        let page = try HTMLReportWriter().render(report)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("/*FANOUT_"), "every placeholder filled")
        #expect(page.contains("--passed: #2e7d32"), "the style is in the page")
        #expect(page.contains("document.getElementById(\"fanout-data\")"), "the script is in the page")
        #expect(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing to fetch")
        // The data element holds the JSON with every `<` escaped: the id's `</script><!--` stays inside it.
        let start = try #require(page.range(of: "<script type=\"application/json\" id=\"fanout-data\">"))
        let end = try #require(page[start.upperBound...].range(of: "</script>"))
        let json = String(page[start.upperBound..<end.lowerBound])
        #expect(!json.contains("<"))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let failures = decoded?["failures"] as? [[String: Any]]
        #expect(failures?.first?["id"] as? String == "tests/test_a.py::bad[</script><!--]")
    }

    @Test func aPlaceholderInsideTheDataStaysData() {
        let page = HTMLReportWriter.page(data: "{\"id\":\"/*FANOUT_JS*/\"}")
        #expect(page.contains("{\"id\":\"/*FANOUT_JS*/\"}"))
        #expect(page.components(separatedBy: "use strict").count == 2, "the script went in once, after the data")
    }
}
