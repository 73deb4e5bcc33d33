import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The generic command adapter on a real JUnit-writing tool.
@Suite(.serialized) struct CommandAdapterTests {
    @Test func listedScopesRunThroughTheCommandAndItsJUnitReportGivesTheOutcomes() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/command-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--max-batch-files", "1", "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
        #expect(
            outcomes == [
                "checks/check_math.py::test_adds": .passed,
                "checks/check_math.py::test_subtracts_wrong": .failed,
                "checks/check_skips.py::test_platform_only": .skipped,
                "checks/check_skips.py::test_prints": .passed,
                "checks/check_crash.py": .error,
            ])
        #expect(report.scopes.map(\.id) == ["checks/check_crash.py", "checks/check_math.py", "checks/check_skips.py"])
        let crash = report.tests.first { $0.id == "checks/check_crash.py" }
        #expect(crash?.message?.contains("killed by signal 6 without writing its JUnit report") == true)
        let skipped = report.tests.first { $0.id == "checks/check_skips.py::test_platform_only" }
        #expect(skipped?.message == "not on this platform")
        let printed = report.tests.first { $0.id == "checks/check_skips.py::test_prints" }
        #expect(printed?.stdout?.contains("hello from a check") == true)
        let listed = try Harness.fanout(["run", suite, "--list"])
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        #expect(
            listed.stdout == "checks/check_crash.py\nchecks/check_math.py\nchecks/check_skips.py\n3 scopes\n",
            "scopes only: \(listed.stdout)")
    }

    @Test func withoutACommandTableTheRunSaysWhatIsMissing() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/command-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try "adapter = \"command\"\n".write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let run = try Harness.fanout(["run", suite])
        #expect(run.exitCode == 4)
        #expect(run.stderr.contains("adapter 'command' needs a [command] table with `list` and `run`"))
    }
}
