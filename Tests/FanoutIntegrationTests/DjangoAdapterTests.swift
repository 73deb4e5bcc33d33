import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Whether this machine's python3 has Django (Deploy/install-deps.sh installs it).
enum Django {
    static var installed: Bool {
        (try? Harness.run("/usr/bin/env", ["python3", "-c", "import django"]).exitCode) == 0
    }
}

/// The django adapter against `manage.py test` itself.
@Suite(.serialized, .enabled(if: Django.installed, "needs Django: Deploy/install-deps.sh installs it"))
struct DjangoAdapterTests {
    /// Outcomes from `manage.py test -v 2` lines such as `test_x (app.tests.test_m.C.test_x) ... ok`.
    func directOutcomes(_ project: String) throws -> [String: Outcome] {
        let direct = try Harness.run(
            "/usr/bin/env",
            [
                "python3", "manage.py", "test", "--noinput", "-v", "2", "--exclude-tag", "hang", "--exclude-tag",
                "crash",
            ],
            directory: project)
        #expect(direct.exitCode == 1)
        return Self.verboseOutcomes(direct.stderr)
    }

    /// Each test's outcome from unittest's verbose lines (`test_x (module.Class.test_x) ... ok`).
    static func verboseOutcomes(_ text: String) -> [String: Outcome] {
        let verdicts: [(String, Outcome)] = [
            ("ok", .passed), ("FAIL", .failed), ("ERROR", .error), ("skipped", .skipped),
            ("expected failure", .xfailed), ("unexpected success", .xpassed),
        ]
        var outcomes: [String: Outcome] = [:]
        for line in text.split(separator: "\n") {
            guard let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")"),
                let dots = line.range(of: ") ... ")
            else { continue }
            let verdict = line[dots.upperBound...]
            outcomes[String(line[line.index(after: open)..<close])] =
                verdicts.first { verdict.hasPrefix($0.0) }?.1
        }
        return outcomes
    }

    /// A project that runs its tests with a runtests script as Django's own repository does (tests/runtests.py
    /// with the test apps beside it, labels relative to it): detected, listed, run and split with the
    /// outcomes of the script run directly.
    @Test func aRuntestsScriptProjectGivesTheOutcomesOfItsScript() throws {
        let project = try Harness.copyOfSuite("Tests/Fixtures/django-runtests")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let direct = try Harness.run("/usr/bin/env", ["python3", "tests/runtests.py", "-v", "2"], directory: project)
        #expect(direct.exitCode == 1, "\(direct.stderr)")
        let expected = Self.verboseOutcomes(direct.stderr)
        #expect(expected.count == 9, "\(direct.stderr)")

        let listing = try Harness.fanout(["run", project, "--list"])
        #expect(listing.exitCode == 0, "\(listing.stdout)\(listing.stderr)")
        #expect(listing.stdout.contains("polls.tests.ChoiceTests.test_known_bug"), "\(listing.stdout)")

        let json = project + "/report.json"
        for extra in [[], ["--split", "tests/polls/tests.py"]] {
            let run = try Harness.fanout(["run", project, "-n", "2", "--json", json] + extra)
            #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("fanout django:"), "\(run.stdout)")
            let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
            #expect(Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) }) == expected)
            #expect(report.tests.count == 9)
            if !extra.isEmpty {
                #expect(run.stdout.contains("split tests/polls/tests.py into"), "\(run.stdout)")
            }
        }
    }

    @Test func aTestDatabaseThatCannotBeCreatedIsAnErrorOfItsFileNeverNoTestsRan() throws {
        let project = try Harness.copyOfSuite("Tests/Fixtures/django-project")
        defer { try? FileManager.default.removeItem(atPath: project) }
        // Django then fails before any test, with a traceback and exit 1, as with a test database in use.
        let settings = project + "/mysite/settings.py"
        try
            (try String(contentsOfFile: settings, encoding: .utf8)
            + "\nDATABASES[\"default\"][\"TEST\"] = {\"NAME\": \"/nonexistent-fanout-dir/test.sqlite3\"}\n")
            .write(toFile: settings, atomically: true, encoding: .utf8)
        let json = project + "/report.json"
        let run = try Harness.fanout(["run", project, "-n", "2", "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("no tests ran"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.scopes.count == 4)
        #expect(report.scopes.allSatisfy { $0.counts.total > 0 }, "every file has results")
        // Only test_models.py needs the database; the files of SimpleTestCases run as before.
        let database = report.tests.filter { $0.scope == "polls/tests/test_models.py" }
        #expect(database.map(\.id) == ["polls/tests/test_models.py"])
        #expect(database.first?.outcome == .error)
        #expect(database.first?.details?.contains("unable to open database file") == true, "the reason is kept")
        #expect(
            report.tests.contains {
                $0.id == "polls.tests.test_plain.PlainTests.test_settings_are_loaded" && $0.outcome == .passed
            })
        #expect(report.notRun.isEmpty)
    }

    @Test func outcomesMatchManagePyTestAndEveryTestGetsACleanDatabase() throws {
        let project = try Harness.copyOfSuite("Tests/Fixtures/django-project")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let expected = try directOutcomes(project)
        #expect(expected.count == 7, "\(expected)")
        let json = project + "/report.json"
        let run = try Harness.fanout(["run", project, "-n", "2", "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("fanout django:"), "\(run.stdout)")
        // test_models.py never shares a batch with the crash or the hang: its session ends in order.
        #expect(!run.stdout.contains("test_models.py run again"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        // fanout.toml sets timeout = 3. manage.py test would hang in test_b_hangs and die in test_b_aborts, so it
        // ran without those two tags.
        let hanging: [String: Outcome] = [
            "polls.tests.test_hang.HangTests.test_a_before": .passed,
            "polls.tests.test_hang.HangTests.test_b_hangs": .timeout,
            "polls.tests.test_hang.HangTests.test_c_after": .passed,
            "polls.tests.test_crash.CrashTests.test_a_before": .passed,
            "polls.tests.test_crash.CrashTests.test_b_aborts": .error,
            "polls.tests.test_crash.CrashTests.test_c_after": .passed,
        ]
        #expect(
            Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
                == expected.merging(hanging) { old, _ in old })
        let stuck = report.tests.first { $0.id.hasSuffix("test_b_hangs") }
        #expect(stuck?.details?.contains("in helper_thread_waits") == true, "\(stuck?.details ?? "")")
        let aborted = report.tests.first { $0.id.hasSuffix("test_b_aborts") }
        #expect(aborted?.message?.contains("SIGABRT") == true, "\(aborted?.message ?? "")")
        let wrong = report.tests.first { $0.id.hasSuffix("test_wrong_expectation") }
        #expect(wrong?.message?.contains("AssertionError: 0 != 1") == true)

        let split = try Harness.fanout([
            "run", project, "-n", "2", "--split", "polls/tests/test_models.py", "--json", json,
        ])
        #expect(split.stdout.contains("split polls/tests/test_models.py into"), "\(split.stdout)\(split.stderr)")
        let splitReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(
            Dictionary(uniqueKeysWithValues: splitReport.tests.map { ($0.id, $0.outcome) })
                == expected.merging(hanging) { old, _ in old })
    }
}
