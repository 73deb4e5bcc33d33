import FanoutCore
import FanoutReport
import Foundation
import Testing

/// `--lf` and `--list` on the bundled suite.
@Suite(.serialized) struct SelectionTests {
    @Test func lastFailedRunsExactlyWhatFailedLastTime() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let first = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/first.json"])
        #expect(first.exitCode == 1)
        let firstReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/first.json")))
        let failedBefore = Set(firstReport.tests.filter { $0.outcome.isFailure }.map(\.id))
        #expect(!failedBefore.isEmpty)

        let again = try Harness.fanout(["run", suite, "-n", "2", "--lf", "--json", suite + "/lf.json"])
        #expect(again.exitCode == 1, "\(again.stdout)")
        #expect(again.stdout.contains("--lf: running the \(failedBefore.count) tests and files that failed last time"))
        let lfReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/lf.json")))
        let ranAgain = Set(lfReport.tests.map(\.id))
        #expect(ranAgain == failedBefore)
        #expect(lfReport.tests.allSatisfy { $0.outcome.isFailure })

        let listed = try Harness.fanout(["run", suite, "--lf", "--list"])
        #expect(listed.exitCode == 0)
        #expect(listed.stdout.hasSuffix("tests\n"))
    }

    @Test func listPrintsEveryFileAndTestWithoutRunningAnything() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/isolated")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let listed = try Harness.fanout(["run", suite, "-n", "2", "--list"])
        #expect(listed.exitCode == 0, "\(listed.stdout)\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "4 files, 18 tests")
        #expect(lines.contains("tests/test_cluster.py  12 tests  [isolated]"))
        #expect(lines.contains("  tests/test_a.py::test_one"))
        #expect(!FileManager.default.fileExists(atPath: suite + "/.cluster/log"), "listing runs no setup command")
        #expect(!FileManager.default.fileExists(atPath: suite + "/.fanout/history.json"))
    }
}
