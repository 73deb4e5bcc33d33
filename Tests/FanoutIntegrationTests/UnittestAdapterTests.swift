import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The unittest adapter against unittest itself (Tests/Conformance/unittest_outcomes.py).
@Suite(.serialized) struct UnittestAdapterTests {
    func directOutcomes(_ suite: String) throws -> [String: String] {
        let script = Harness.packageRoot + "/Tests/Conformance/unittest_outcomes.py"
        let direct = try Harness.run(
            "/usr/bin/env",
            ["python3", script, suite, "--exclude", "tests/test_crash.py", "--exclude", "tests/test_hang.py"])
        #expect(direct.exitCode == 0, "\(direct.stderr)")
        return try JSONDecoder().decode([String: String].self, from: Data(direct.stdout.utf8))
    }

    func fanoutOutcomes(_ report: RunReport) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: report.tests.filter {
                !["tests/test_crash.py", "tests/test_hang.py"].contains($0.scope)
            }
            .map {
                ($0.id, $0.outcome.rawValue)
            })
    }

    @Test func outcomesMatchUnittestTestByTestAndACrashIsAttributed() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/unittest-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let expected = try directOutcomes(suite)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(fanoutOutcomes(report) == expected)
        #expect(!report.tests.contains { $0.id.contains("NotDiscovered") }, "not a package: unittest skips it")
        let passes = report.tests.first { $0.id == "tests.test_outcomes.Outcomes.test_passes" }
        #expect(passes?.stdout == "captured output\n")
        let subtests = report.tests.first { $0.id == "tests.test_outcomes.Outcomes.test_subtests" }
        #expect(subtests?.details?.contains("(number=1)") == true && subtests?.failureCount == 1)
        let broken = report.tests.first { $0.id == "tests/test_broken_import.py" }
        #expect(broken?.message?.contains("No module named 'module_that_does_not_exist'") == true)
        let crash = report.tests.filter { $0.scope == "tests/test_crash.py" }
        #expect(crash.first { $0.id.hasSuffix("test_a_before") }?.outcome == .passed)
        let aborted = crash.first { $0.id.hasSuffix("test_b_aborts") }
        #expect(aborted?.outcome == .error)
        #expect(aborted?.message?.contains("SIGABRT") == true, "\(aborted?.message ?? "no result")")
        // fanout.toml sets timeout = 3: the hanging test is stopped with every thread's stack, the rest runs.
        let hang = Dictionary(
            uniqueKeysWithValues: report.tests.filter { $0.scope == "tests/test_hang.py" }.map { ($0.id, $0) })
        #expect(
            hang.mapValues(\.outcome) == [
                "tests.test_hang.Hang.test_a_before": .passed, "tests.test_hang.Hang.test_b_hangs": .timeout,
                "tests.test_hang.Hang.test_c_after": .passed,
            ])
        let stuck = hang["tests.test_hang.Hang.test_b_hangs"]
        #expect(stuck?.message == "timed out: still running after 3 s (--timeout 3)", "\(stuck?.message ?? "")")
        #expect(stuck?.details?.contains("in helper_thread_waits") == true, "\(stuck?.details ?? "")")
    }

    @Test func aSplitModuleRunsAsSlicesWithTheSameOutcomes() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/unittest-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let expected = try directOutcomes(suite)
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "-n", "2", "--split", "tests/test_outcomes.py", "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("split tests/test_outcomes.py into"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(fanoutOutcomes(report) == expected)
        let listed = try Harness.fanout(["run", suite, "--list"])
        #expect(listed.stdout.hasSuffix("5 files, 18 tests\n"), "\(listed.stdout)")
    }
}
