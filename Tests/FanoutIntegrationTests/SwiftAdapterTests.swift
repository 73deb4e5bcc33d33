import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The swift adapter on a real package: XCTest and Swift Testing, ids as `swift test list` prints them.
@Suite(.serialized) struct SwiftAdapterTests {
    @Test func xctestAndSwiftTestingResultsMatchTheListedTestsWithExactOutcomes() throws {
        let package = try Harness.copyOfSuite("Tests/Fixtures/swift-package")
        defer { try? FileManager.default.removeItem(atPath: package) }
        let json = package + "/report.json"
        let run = try Harness.fanout(["run", package, "-n", "2", "--max-batch-files", "1", "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("fanout swift: 5 files to run"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
        #expect(
            outcomes == [
                "ArithTests.AdditionTests/testAdds": .passed,
                "ArithTests.AdditionTests/testFails": .failed,
                "ArithTests.AdditionTests/testSkips": .skipped,
                "ArithTests.OutputTests/testPrints": .passed,
                "ArithTests.CrashTests/testCrashes": .error,
                "ArithTests.AdditionSuite/adds()": .passed,
                "ArithTests.AdditionSuite/fails()": .failed,
                "ArithTests.AdditionSuite/positive(value:)": .passed,
                "ArithTests.freeStanding()": .passed,
            ])
        let listed = try Harness.run("/usr/bin/env", ["swift", "test", "list", "--skip-build"], directory: package)
        let listedIDs = Set(listed.stdout.split(separator: "\n").map(String.init).filter { !$0.contains(" ") })
        #expect(Set(outcomes.keys) == listedIDs, "ids differ from `swift test list`: \(listed.stdout)")
        let failed = report.tests.first { $0.id == "ArithTests.AdditionTests/testFails" }
        #expect(failed?.message?.contains("XCTAssertEqual failed: (\"2\") is not equal to (\"3\")") == true)
        let crashed = report.tests.first { $0.id == "ArithTests.CrashTests/testCrashes" }
        #expect(crashed?.message?.contains("while this test was running") == true, "\(crashed?.message ?? "")")
        #expect(crashed?.details?.contains("unexpected signal code 4") == true, "\(crashed?.details ?? "")")
        let suiteFailure = report.tests.first { $0.id == "ArithTests.AdditionSuite/fails()" }
        #expect(suiteFailure?.message?.contains("Expectation failed") == true)
    }
}
