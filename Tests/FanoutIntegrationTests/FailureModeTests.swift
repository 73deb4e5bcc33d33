import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Exit codes and failure handling of real runs on the fixture suites.
@Suite(.serialized) struct FailureModeTests {
    @Test func aSuiteWithoutTestsExitsFive() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/empty")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let run = try Harness.fanout(["run", suite, "-n", "1"])
        #expect(run.exitCode == 5)
        #expect(run.stdout.contains("no tests ran"))
    }

    @Test func anUnknownConfigKeyIsAUsageErrorNamingFileLineAndKey() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/bad-config")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let run = try Harness.fanout(["run", suite])
        #expect(run.exitCode == 4)
        #expect(run.stderr.contains("fanout.toml:2: unknown key 'slot' in fanout.toml (did you mean 'slots'?)"))
    }

    @Test func badArgumentsAndWorkspacesAreUsageErrors() throws {
        let missing = try Harness.fanout(["run", "/nonexistent/fanout-workspace"])
        #expect(missing.exitCode == 4)
        #expect(missing.stderr.contains("/nonexistent/fanout-workspace does not exist"))
        let badFlag = try Harness.fanout(["run", "--no-such-flag"])
        #expect(badFlag.exitCode == 4)
        let badSlots = try Harness.fanout(["run", "-n", "0"])
        #expect(badSlots.exitCode == 4)
        let suite = try Harness.copyOfSuite("Tests/Fixtures/empty")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let badAdapter = try Harness.fanout(["run", suite, "--adapter", "cobol"])
        #expect(badAdapter.exitCode == 4)
        #expect(badAdapter.stderr.contains("unknown adapter 'cobol'"))
    }

    @Test func pytestRejectingItsArgumentsStopsTheRunWithExitFour() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let run = try Harness.fanout(["run", suite, "-n", "2", "--", "--definitely-not-a-pytest-option"])
        #expect(run.exitCode == 4)
        #expect(run.stdout.contains("unrecognized arguments: --definitely-not-a-pytest-option"))
    }

    @Test func maxfailStopsTheRunAndReportsWhatDidNotRun() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "1", "--maxfail", "1", "--json", json])
        #expect(run.exitCode == 1)
        #expect(run.stdout.contains("stopping after 1 failed tests (--maxfail)"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.counts.failures >= 1)
        #expect(report.tests.count < 32)
        #expect(!report.notRun.isEmpty)
    }

    @Test func aSegfaultIsAnErrorOfTheTestThatWasRunningAndTheRestRunsAgain() throws {
        for mode in [[], ["--no-warm"]] {
            let suite = try Harness.copyOfSuite("Tests/Fixtures/crash")
            defer { try? FileManager.default.removeItem(atPath: suite) }
            let json = suite + "/report.json"
            let run = try Harness.fanout(["run", suite, "-n", "1", "--json", json] + mode)
            #expect(run.exitCode == 1)
            #expect(run.stdout.contains("run again"), "\(run.stdout)")
            let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
            let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
            #expect(
                outcomes == [
                    "test_crash.py::test_before_crash": .passed,
                    "test_crash.py::test_segfault": .error,
                    "test_crash.py::test_after_crash": .passed,
                    "test_crash.py::test_after_crash_fails": .failed,
                    "test_neighbour.py::test_in_the_same_batch": .passed,
                ], "\(mode)")
            let crashed = report.tests.first { $0.id == "test_crash.py::test_segfault" }
            #expect(crashed?.message?.contains("SIGSEGV") == true)
            #expect(report.batches.contains { $0.signal == 11 })
            #expect(report.tests.count == 5, "every test exactly once")
        }
    }

    @Test func aTestPastTheTimeoutIsStoppedWithEveryThreadsStackAndTheRestRunsAgain() throws {
        for mode in [[], ["--no-warm"]] {
            let suite = try Harness.copyOfSuite("Tests/Fixtures/timeout")
            defer { try? FileManager.default.removeItem(atPath: suite) }
            let json = suite + "/report.json"
            let started = Date()
            let run = try Harness.fanout(["run", suite, "-n", "1", "--timeout", "2", "--json", json] + mode)
            #expect(Date().timeIntervalSince(started) < 30, "the timeout stopped the run in time")
            #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
            let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
            let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
            #expect(
                outcomes == [
                    "test_timeout.py::test_before": .passed, "test_timeout.py::test_stuck": .timeout,
                    "test_timeout.py::test_after": .passed,
                ], "\(mode)")
            let stuck = report.tests.first { $0.id == "test_timeout.py::test_stuck" }
            #expect(stuck?.message == "timed out: still running after 2 s (--timeout 2)")
            #expect(stuck?.details?.contains("in test_stuck") == true, "\(stuck?.details ?? "")")
            #expect(stuck?.details?.contains("in helper_thread_waits") == true, "every thread's stack")
            #expect(run.stdout.contains("TIMEOUT test_timeout.py::test_stuck"))
            #expect(report.counts[.timeout] == 1)
            // pytest itself, without the test that would hang it: the same outcomes for the rest.
            let junit = suite + "/direct.xml"
            _ = try Harness.run(
                "python3",
                [
                    "-m", "pytest", "-q", "-p", "no:cacheprovider", "--deselect", "test_timeout.py::test_stuck",
                    "--junitxml", junit,
                ], directory: suite)
            var direct: [String: Outcome] = [:]
            for (key, outcome) in try PytestJUnit.outcomes(at: junit) {
                direct["\(key.classname.replacingOccurrences(of: ".", with: "/")).py::\(key.name)"] = Outcome(
                    rawValue: outcome)
            }
            #expect(direct == outcomes.filter { $0.key != "test_timeout.py::test_stuck" }, "\(mode)")
        }
    }

    @Test func retriesReportAFlakyTestWithItsFailedAttemptInJSONAndJUnit() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/flaky")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let junit = suite + "/junit.xml"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--retries", "1", "--json", json, "--junit-xml", junit])
        #expect(run.exitCode == 1, "\(run.stdout)")
        #expect(run.stdout.contains("FLAKY test_flaky.py::test_fails_the_first_time_only (failed 1x;"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let byID = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0) })
        let flaky = byID["test_flaky.py::test_fails_the_first_time_only"]
        #expect(flaky?.outcome == .passed)
        #expect(flaky?.previousAttempts?.first?.message?.contains("first attempt fails") == true)
        #expect(byID["test_flaky.py::test_always_fails"]?.outcome == .failed)
        #expect(byID["test_flaky.py::test_always_fails"]?.previousAttempts?.count == 1)
        #expect(byID["test_flaky.py::test_passes"]?.previousAttempts == nil)
        #expect(report.tests.count == 3)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<flakyFailure message="))
        #expect(xml.contains("<rerunFailure message="))

        try FileManager.default.removeItem(atPath: suite + "/.first-attempt-done")
        try? FileManager.default.removeItem(atPath: suite + "/.fanout")
        try "def test_x():\n    assert 1 == 2\n".write(
            toFile: suite + "/test_always_fails_later.py", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: suite + "/test_flaky.py")
        try """
        import os
        STATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".first-attempt-done")
        def test_fails_the_first_time_only():
            if not os.path.exists(STATE):
                open(STATE, "w").close()
                assert False
        """.write(toFile: suite + "/test_only_flaky.py", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: suite + "/test_always_fails_later.py")
        let lenient = try Harness.fanout(["run", suite, "--retries", "1"])
        #expect(lenient.exitCode == 0, "flaky passes by default: \(lenient.stdout)")
        try FileManager.default.removeItem(atPath: suite + "/.first-attempt-done")
        let strict = try Harness.fanout(["run", suite, "--retries", "1", "--flaky-fail"])
        #expect(strict.exitCode == 1, "--flaky-fail: \(strict.stdout)")
    }

    @Test func interruptStopsTestsAndTheirChildrenAndWritesThePartialReport() throws {
        // Interrupt once the quick file is reported finished and the hanging test is running.
        let hang = try HangingRun.start(tokenPrefix: "fanout-hang")
        let (suite, token, json, running) = (hang.suite, hang.token, hang.json, hang.running)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        #expect(hang.hangStarted, "the hanging test never started")
        #expect(processes(matching: token) == 1)
        kill(running.process.processIdentifier, SIGINT)
        var result = Harness.finish(running)
        result.stdout = hang.seen + result.stdout
        #expect(result.exitCode == 2)
        #expect(result.stdout.contains("(interrupted)"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.interrupted)
        #expect(report.exitCode == .interrupted)
        #expect(report.tests.contains { $0.id == "test_quick.py::test_quick" && $0.outcome == .passed })
        #expect(!report.tests.contains { $0.id.contains("test_hangs") })
        usleep(300_000)
        #expect(processes(matching: token) == 0, "a grandchild of the interrupted batch survived")
    }

    @Test func aSecondInterruptStopsAtOnceAndStillLeavesNoTestProcessBehind() throws {
        let suite = try Harness.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let token = "fanout-stubborn-\(UUID().uuidString.prefix(8))"
        // A test that ignores SIGTERM: a graceful stop has to wait for the agent's SIGKILL after its grace.
        try """
        import signal
        import subprocess
        import sys
        import time


        def test_ignores_sigterm():
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, "
                              "signal.SIG_IGN); time.sleep(300)", "\(token)"])
            time.sleep(300)
        """.write(toFile: suite + "/test_stubborn.py", atomically: true, encoding: .utf8)
        let running = try Harness.start(Harness.fanoutPath, ["run", suite, "-n", "1"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && processes(matching: token) == 0 { usleep(50_000) }
        #expect(processes(matching: token) == 1, "the stubborn test never started")
        kill(running.process.processIdentifier, SIGINT)
        usleep(300_000)
        let secondAt = Date()
        kill(running.process.processIdentifier, SIGINT)
        let result = Harness.finish(running)
        let afterSecond = Date().timeIntervalSince(secondAt)
        #expect(result.exitCode == 2, "\(result.stdout)\(result.stderr)")
        #expect(afterSecond < 2.5, "the second Ctrl-C waited \(afterSecond) s; the agent's grace is 3 s")
        #expect(result.stdout.contains("stopped without waiting for running batches"), "\(result.stdout)")
        usleep(300_000)
        #expect(processes(matching: token) == 0, "a test process survived the second interrupt")
    }

    /// Number of live processes whose command line contains `token`.
    private func processes(matching token: String) -> Int {
        ProcessTree.pids(containing: token).count
    }
}
