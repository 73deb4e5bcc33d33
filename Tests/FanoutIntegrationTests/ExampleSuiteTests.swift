import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The bundled example suite through real `fanout run` and a real local agent, against plain pytest.
@Suite(.serialized) struct ExampleSuiteTests {
    @Test func fanoutMatchesPlainPytestTestByTest() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let junit = suite + "/plain.xml"
        let plain = try Harness.run(
            "python3",
            ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors", "--junitxml", junit],
            directory: suite)
        #expect(plain.exitCode == 1)
        let expected = try PytestJUnit.outcomes(at: junit)

        let json = suite + "/fanout.json"
        let junitOut = suite + "/fanout.xml"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json, "--junit-xml", junitOut])
        #expect(run.exitCode == 1, "\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))

        #expect(report.tests.count == expected.count)
        #expect(PytestJUnit.outcomes(of: report, xpassedAsPassed: true) == expected)

        // Exact outcomes of this suite, so a change in both runners at once cannot pass unnoticed.
        #expect(
            report.counts == OutcomeCounts([.passed: 22, .failed: 3, .error: 2, .skipped: 3, .xfailed: 1, .xpassed: 1]))
        let byID = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0) })
        #expect(byID["tests/test_broken_import.py"]?.outcome == .error)
        #expect(
            byID["tests/test_broken_import.py"]?.message
                == "ModuleNotFoundError: No module named 'fanout_example_module_that_does_not_exist'")
        #expect(
            byID["tests/test_broken_import.py"]?.details?.contains(
                "No module named 'fanout_example_module_that_does_not_exist'") == true)
        #expect(byID["tests/test_outcomes.py::test_fixture_error"]?.outcome == .error)
        #expect(byID["tests/test_outcomes.py::test_strict_xpass"]?.outcome == .failed)
        #expect(byID["tests/test_outcomes.py::test_unexpected_pass"]?.outcome == .xpassed)
        #expect(byID["tests/test_outcomes.py::test_skipped"]?.message == "demonstrates a skip with a reason")
        #expect(byID["tests/test_strings.py::test_reverse_is_wrong"]?.stdout == "this line is captured stdout\n")
        #expect(byID["tests/test_strings.py::test_reverse_is_wrong"]?.stderr == "and this one goes to stderr\n")
        for odd in [
            "with space", "single'quote", "double\"quote", "dollar$HOME", "semi;colon|pipe&amp", "back\\\\slash",
            "brackets[in]side", "unicode-\\xe9-\\u65e5\\u672c", "star*glob?",
        ] {
            #expect(byID["tests/test_params.py::test_odd_ids[\(odd)]"]?.outcome == .passed, "missing id \(odd)")
        }

        // Both slots worked, every result names its worker, and scopes count their tests once.
        #expect(
            Set(report.tests.compactMap(\.worker)) == [
                WorkerID(host: "local", slot: 1), WorkerID(host: "local", slot: 2),
            ])
        #expect(report.scopes.count == 7)
        #expect(report.scopes.reduce(0) { $0 + $1.counts.total } == report.tests.count)
        #expect(run.stdout.contains("[7/7]"))
        #expect(run.stdout.contains("3 failed, 22 passed, 3 skipped, 1 xfailed, 1 xpassed, 2 errors in"))

        // The JUnit file Fanout writes is the same test by test as pytest's.
        #expect(try PytestJUnit.outcomes(at: junitOut) == expected)

        // History was recorded for every scope and the next run uses it.
        let history = try JSONDecoder().decode(
            History.self, from: Data(contentsOf: URL(fileURLWithPath: suite + "/.fanout/history.json")))
        #expect(Set(history.scopes.keys) == Set(report.scopes.map(\.id)))
        #expect((history.expectedSeconds(ofScope: "tests/test_slow.py") ?? 0) >= 2)
        let second = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(second.exitCode == 1)
        let secondReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        // The slowest file by history is handed out first.
        #expect(secondReport.batches.min { $0.id < $1.id }?.scopes.first == "tests/test_slow.py")
        #expect(secondReport.counts == report.counts)
    }
}
