import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Splitting one large file into test slices in a real run.
@Suite(.serialized) struct SplitTests {
    @Test func aSplitFileRunsOnSeveralSlotsWithEveryTestOnceAndTheSameOutcomesAsPytest() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/split")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let junit = suite + "/plain.xml"
        _ = try Harness.run(
            "python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", junit], directory: suite)
        let expected = try PytestJUnit.outcomes(at: junit)

        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--split", "tests/test_big.py", "--json", json])
        #expect(run.exitCode == 1, "\(run.stderr)")
        #expect(run.stdout.contains("split tests/test_big.py into 2 slices of its 12 tests"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        var actual: [PytestJUnit.Key: String] = [:]
        for test in report.tests {
            let names = JUnitNaming.names(for: test.id)
            actual[.init(classname: names.classname, name: names.name)] = test.outcome.rawValue
        }
        #expect(actual == expected)
        #expect(report.tests.count == 15)
        #expect(Set(report.tests.map(\.id)).count == 15)
        let bigBatches = report.batches.filter { $0.scopes.contains("tests/test_big.py") }
        #expect(bigBatches.count == 2)
        #expect(Set(bigBatches.map(\.worker)).count == 2)
        let big = try #require(report.scopes.first { $0.id == "tests/test_big.py" })
        #expect(big.counts == OutcomeCounts([.passed: 11, .failed: 1]))
        #expect(big.workers.count == 2)
        #expect(run.stdout.contains("[4/4]"))
        #expect(!run.stdout.contains("[5/4]"))

        // With history, `--split auto` finds the file too long for one slot's share on its own.
        let auto = try Harness.fanout(["run", suite, "-n", "2", "--split", "auto", "--json", json])
        #expect(auto.exitCode == 1)
        #expect(auto.stdout.contains("split tests/test_big.py into"), "\(auto.stdout)")
        let autoReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(autoReport.tests.count == 15)
        #expect(autoReport.counts == report.counts)
    }
}
