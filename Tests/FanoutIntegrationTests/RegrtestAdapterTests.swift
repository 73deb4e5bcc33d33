import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The regrtest adapter against `python -m test` itself, on Tests/Fixtures/regrtest-suite and real CPython test
/// modules, with the interpreter's own libregrtest copied into the workspace.
@Suite(.serialized) struct RegrtestAdapterTests {
    static let fixtureModules = [
        "test_fanout_outcomes", "test_fanout_resource", "test_fanout_cpu", "test_fanout_broken",
        "test_fanout_environment", "test_fanout_package",
    ]
    /// Real CPython modules: a module skipped on Linux, one denied the network, a package, a plain module.
    static let cpythonModules = ["test_bool", "test_json", "test_winreg", "test_socketserver", "test_shlex"]

    /// The fixture plus what regrtest needs of the interpreter's Lib/test and the CPython modules to run.
    func workspace() throws -> String {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/regrtest-suite")
        let located = try Harness.run("python3", ["-c", "import test, os; print(os.path.dirname(test.__file__))"])
        let library = located.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pieces =
            ["__init__.py", "__main__.py", "libregrtest", "support", "test_json"]
            + Self.cpythonModules.filter { $0 != "test_json" }.map { $0 + ".py" }
        for piece in pieces {
            try FileManager.default.copyItem(atPath: library + "/" + piece, toPath: suite + "/test/" + piece)
        }
        return suite
    }

    func report(_ path: String) throws -> RunReport {
        try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func outcomesModulesAndTotalsEqualPythonMinusMTestItself() throws {
        let suite = try workspace()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let script = Harness.packageRoot + "/Tests/Conformance/compare_with_regrtest.py"
        let compared = try Harness.run(
            "python3",
            [script, suite] + Self.fixtureModules + Self.cpythonModules + ["--fanout", Harness.fanoutPath])
        #expect(compared.exitCode == 0, "\(compared.stdout)\(compared.stderr)")
        #expect(compared.stdout.hasSuffix("EQUAL\n"), "\(compared.stdout)")
    }

    @Test func eachOutcomeIsReportedAsRegrtestJudgedIt() throws {
        let suite = try workspace()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try write(paths: Self.fixtureModules + ["test_winreg"], to: suite)
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/report.json"])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        let outcomes = Dictionary(uniqueKeysWithValues: try report(suite + "/report.json").tests.map { ($0.id, $0) })
        let prefix = "test.test_fanout_outcomes.Outcomes."
        let expected: [String: Outcome] = [
            prefix + "test_passes": .passed, prefix + "test_fails": .failed, prefix + "test_errors": .error,
            prefix + "test_skipped": .skipped, prefix + "test_expected_failure": .xfailed,
            prefix + "test_unexpected_success": .xpassed, prefix + "test_subtests": .failed,
            "setUpClass (test.test_fanout_outcomes.BrokenFixture)": .error,
            "test.test_fanout_outcomes.doubled": .passed, "test.test_fanout_outcomes.doubled [2]": .passed,
            "test_fanout_resource": .skipped, "test.test_fanout_cpu.Resources.test_needs_cpu": .skipped,
            "test.test_fanout_cpu.Resources.test_plain": .passed, "test_fanout_broken": .error,
            "test.test_fanout_environment.ChangesEnvironment.test_leaves_a_variable": .passed,
            "test.test_fanout_package.test_first.First.test_one": .passed,
            "test.test_fanout_package.test_first.First.test_two": .passed,
            "test.test_fanout_package.test_second.Second.test_three": .passed, "test_winreg": .skipped,
        ]
        #expect(outcomes.mapValues(\.outcome) == expected)
        #expect(outcomes["test_winreg"]?.message == "test_winreg skipped -- No module named 'winreg'")
        #expect(outcomes["test_fanout_resource"]?.message?.contains("resource denied") == true)
        #expect(outcomes["test_fanout_broken"]?.message?.contains("module_that_does_not_exist") == true)
        #expect(outcomes[prefix + "test_subtests"]?.details?.contains("(number=1)") == true)
        #expect(outcomes[prefix + "test_subtests"]?.failureCount == 2, "each failing subtest counts, as in regrtest")
        #expect(
            outcomes[prefix + "test_fails"]?.failureCount == 1 && outcomes[prefix + "test_errors"]?.failureCount == nil)
        // Resources are regrtest's -u; --fail-env-changed makes the altered environment an error of its module.
        let strict = try Harness.fanout(
            ["run", suite, "-n", "2", "--json", suite + "/strict.json", "--", "-u", "cpu", "--fail-env-changed"])
        #expect(strict.exitCode == 1)
        let strictOutcomes = Dictionary(
            uniqueKeysWithValues: try report(suite + "/strict.json").tests.map { ($0.id, $0.outcome) })
        #expect(strictOutcomes["test.test_fanout_cpu.Resources.test_needs_cpu"] == .passed)
        #expect(strictOutcomes["test_fanout_environment"] == .error)
    }

    @Test func aBigModuleSplitAcrossTwoSlotsIsCountedOnce() throws {
        let suite = try workspace()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try write(paths: ["test_json", "test_bool"], to: suite)
        let listed = try Harness.fanout(["run", suite, "--list"])
        let run = try Harness.fanout(["run", suite, "-n", "2", "--split", "test_json", "--json", suite + "/r.json"])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("split test_json into 2 slices"), "\(run.stdout)")
        let tests = try report(suite + "/r.json").tests.filter { $0.scope == "test_json" }
        #expect(Set(tests.compactMap(\.worker)).count == 2, "both slots ran a slice")
        #expect(Set(tests.map(\.id)).count == tests.count)
        #expect(tests.count > 100 && listed.stdout.contains("test_json  \(tests.count) tests\n"), "\(listed.stdout)")
        // One progress line for the module, counted among the 2 test names, never "[3/2]".
        let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(lines.count == 2 && lines.contains { $0.hasPrefix("[2/2] ") || $0.hasPrefix("[1/2] ") })
        #expect(lines.filter { $0.contains(" test_json ") }.count == 1, "\(lines)")
    }

    @Test func aModuleThatKillsItsInterpreterLosesOnlyTheTestThatDidItEvenWithRetries() throws {
        let suite = try workspace()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try write(paths: ["test_fanout_abort", "test_fanout_package", "test_bool"], to: suite)
        let run = try Harness.fanout(["run", suite, "-n", "1", "--retries", "1", "--json", suite + "/r.json"])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        let tests = try report(suite + "/r.json").tests
        let outcomes = Dictionary(uniqueKeysWithValues: tests.map { ($0.id, $0.outcome) })
        #expect(outcomes["test.test_fanout_abort.Aborts.test_a_before"] == .passed)
        #expect(outcomes["test.test_fanout_abort.Aborts.test_b_aborts"] == .error)
        #expect(outcomes["test.test_fanout_abort.Aborts.test_c_after"] == .passed)
        #expect(tests.filter { $0.scope == "test_fanout_package" }.map(\.outcome) == [.passed, .passed, .passed])
        #expect(!tests.contains { $0.id == "test_fanout_package" }, "a module run again for its rest is no skip")
        #expect(tests.filter { $0.scope == "test_bool" && $0.outcome == .passed }.count > 20)
    }

    @Test(.enabled(if: TestHosts.apartAvailable, "needs Deploy/testhosts.sh up 5"))
    func overTwoHostsTheOutcomesEqualALocalRun() throws {
        let suite = try workspace()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try write(paths: Self.fixtureModules + ["test_bool", "test_shlex"], to: suite)
        let local = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/local.json"])
        #expect(local.exitCode == 1, "\(local.stdout)\(local.stderr)")
        let remote = try Harness.fanout(
            ["run", suite, "-n", "2", "--json", suite + "/remote.json"]
                + TestHosts.runArguments(hosts: TestHosts.apart))
        #expect(remote.exitCode == 1, "\(remote.stdout)\(remote.stderr)")
        let localOutcomes = try report(suite + "/local.json").tests.map { "\($0.id) \($0.outcome)" }.sorted()
        let remoteReport = try report(suite + "/remote.json")
        #expect(remoteReport.tests.map { "\($0.id) \($0.outcome)" }.sorted() == localOutcomes)
        // A suite this short may well run on one host's slots alone; it ran on none but those two.
        let hosts = Set(remoteReport.tests.compactMap { $0.worker?.host })
        #expect(hosts.isSubset(of: TestHosts.apart) && !hosts.isEmpty, "\(hosts)")
        #expect(remoteReport.tests.allSatisfy { $0.worker != nil })
    }

    func write(paths: [String], to suite: String) throws {
        let list = paths.map { "\"\($0)\"" }.joined(separator: ", ")
        try "adapter = \"regrtest\"\npaths = [\(list)]\n".write(
            toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
    }
}
