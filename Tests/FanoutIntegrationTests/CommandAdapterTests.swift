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
        let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome.rawValue) })
        // The tool run directly on the checks that neither crash nor hang, in the id form the config names.
        let junit = suite + "/direct.xml"
        _ = try Harness.run(
            "python3",
            [
                "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "junit_family=xunit1", "-o",
                "python_files=check_*.py", "--junitxml=\(junit)", "checks/check_math.py", "checks/check_skips.py",
            ], directory: suite)
        var expected: [String: String] = [:]
        for (key, outcome) in try PytestJUnit.outcomes(at: junit) {
            expected[key.classname.replacingOccurrences(of: ".", with: "/") + ".py::" + key.name] = outcome
        }
        #expect(expected.count == 4, "\(expected)")
        expected["checks/check_crash.py"] = "error"
        expected["checks/check_hang.py"] = "timeout"
        #expect(outcomes == expected)
        let hang = report.tests.first { $0.id == "checks/check_hang.py" }
        #expect(hang?.message == "timed out: the command was still running after 5 s (--batch-timeout 5)")
        #expect(
            report.scopes.map(\.id) == [
                "checks/check_crash.py", "checks/check_hang.py", "checks/check_math.py", "checks/check_skips.py",
            ])
        let crash = report.tests.first { $0.id == "checks/check_crash.py" }
        #expect(crash?.message?.contains("killed by signal 6 without writing its JUnit report") == true)
        let skipped = report.tests.first { $0.id == "checks/check_skips.py::test_platform_only" }
        #expect(skipped?.message == "not on this platform")
        let printed = report.tests.first { $0.id == "checks/check_skips.py::test_prints" }
        #expect(printed?.stdout?.contains("hello from a check") == true)
        let listed = try Harness.fanout(["run", suite, "--list"])
        #expect(listed.exitCode == 0, "\(listed.stderr)")
        #expect(
            listed.stdout
                == "checks/check_crash.py\nchecks/check_hang.py\nchecks/check_math.py\nchecks/check_skips.py\n4 scopes\n",
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
