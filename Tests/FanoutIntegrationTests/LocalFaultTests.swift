import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults in combination on the embedded local host, each run asserting every test's exact final outcome,
/// none missing or doubled.
extension FailureModeTests {
    /// A suite whose every test appends its name to `ran.log` in the workspace when it runs.
    func faultySuite() throws -> String {
        let suite = try Harness.emptyDirectory()
        try "[pytest]\n".write(toFile: suite + "/pytest.ini", atomically: true, encoding: .utf8)
        let prelude = """
            import os
            import signal
            import time


            def ran(name):
                with open(os.path.join(os.path.dirname(__file__), "ran.log"), "a") as log:
                    log.write(name + "\\n")

            """
        try
            (prelude + """

                def test_before():
                    ran("crash.before")


                def test_kills_itself():
                    ran("crash.kill")
                    os.kill(os.getpid(), signal.SIGKILL)


                def test_after():
                    ran("crash.after")
                """).write(toFile: suite + "/test_crash.py", atomically: true, encoding: .utf8)
        try
            (prelude + """

                def test_before():
                    ran("hang.before")


                def test_hangs():
                    ran("hang.hang")
                    time.sleep(600)


                def test_after():
                    ran("hang.after")
                """).write(toFile: suite + "/test_hang.py", atomically: true, encoding: .utf8)
        return suite
    }

    func runs(_ suite: String) -> [String: Int] {
        let log = (try? String(contentsOfFile: suite + "/ran.log", encoding: .utf8)) ?? ""
        return log.split(separator: "\n").reduce(into: [:]) { $0[String($1), default: 0] += 1 }
    }

    @Test(arguments: [0, 1])
    func aTestThatKillsItsProcessAndOneThatHangsTakeNoHealthyTestDown(retries: Int) throws {
        let suite = try faultySuite()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "-n", "2", "--timeout", "3", "--retries", String(retries), "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
        #expect(
            outcomes == [
                "test_crash.py::test_before": .passed, "test_crash.py::test_kills_itself": .error,
                "test_crash.py::test_after": .passed, "test_hang.py::test_before": .passed,
                "test_hang.py::test_hangs": .timeout, "test_hang.py::test_after": .passed,
            ])
        #expect(report.tests.count == 6, "none missing or doubled")
        #expect(report.notRun.isEmpty)
        for id in ["test_crash.py::test_kills_itself", "test_hang.py::test_hangs"] {
            let attempts = report.tests.first { $0.id == id }?.previousAttempts ?? []
            #expect(attempts.count == retries, "\(id) keeps every attempt")
        }
        // The healthy neighbours ran exactly once; the faulty tests once per attempt.
        #expect(
            runs(suite) == [
                "crash.before": 1, "crash.after": 1, "hang.before": 1, "hang.after": 1, "crash.kill": retries + 1,
                "hang.hang": retries + 1,
            ])
    }

    @Test func aTestWhoseNameExtendsOneThatRanBeforeTheCrashStillRuns() throws {
        let suite = try Harness.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        // Found on networkx: pytest's --deselect matches prefixes, so leaving out test_a (it ran before the
        // crash) also left out test_a_b, which then vanished from the report.
        try """
        import os
        import signal


        def test_a():
            pass


        def test_kills_itself():
            os.kill(os.getpid(), signal.SIGKILL)


        def test_a_b():
            pass


        def test_kills_itself_too():
            pass
        """.write(toFile: suite + "/test_names.py", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "1", "--json", json])
        #expect(run.exitCode == 1, "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(
            Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) }) == [
                "test_names.py::test_a": .passed, "test_names.py::test_kills_itself": .error,
                "test_names.py::test_a_b": .passed, "test_names.py::test_kills_itself_too": .passed,
            ])
    }

    @Test func aKilledLocalAgentEndsTheRunWithWhatFinishedAndTheRestListedNotRun() throws {
        let suite = try faultySuite()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let temporary = try Harness.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let running = try Harness.start(
            Harness.fanoutPath, ["run", suite, "-n", "1", "--json", json], environment: ["TMPDIR": temporary])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && runs(suite)["hang.hang"] == nil { usleep(50_000) }
        // The agent proper, not the guardian that starts it and outlives it.
        let agents = ProcessTree.descendants(of: running.process.processIdentifier).filter {
            let words = ProcessTree.commandLine($0).split(separator: " ")
            return words.first?.hasSuffix("/fanout-agent") == true && words.dropFirst().first == "--serve"
        }
        #expect(agents.count == 1)
        let tests = agents.flatMap { ProcessTree.descendants(of: $0) }.filter { !agents.contains($0) }
        #expect(!tests.isEmpty, "the hanging test runs under the agent")
        for agent in agents { kill(agent, SIGKILL) }
        let result = Harness.finish(running)
        #expect(result.exitCode == 3, "no host is left for the rest: \(result.stdout)\(result.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.problems.contains { $0.contains("host local lost") }, "\(report.problems)")
        let ids = report.tests.map(\.id)
        #expect(Set(ids).count == ids.count, "none doubled")
        #expect(!ids.contains { $0.hasPrefix("test_hang.py::") && $0 != "test_hang.py::test_before" })
        let scopes = Set(report.tests.map(\.scope)).union(report.notRun)
        #expect(scopes == ["test_crash.py", "test_hang.py"], "every file has results or is listed not run")
        #expect(ProcessTree.waitUntilGone(tests, seconds: 5).isEmpty, "a test process outlived its agent")
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary)
        #expect(left.isEmpty, "the killed agent's private directory outlived it: \(left)")
    }

    @Test func aKilledControllerLeavesNoAgentOrTestProcess() throws {
        let suite = try faultySuite()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let running = try Harness.start(Harness.fanoutPath, ["run", suite, "-n", "2"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && runs(suite)["hang.hang"] == nil { usleep(50_000) }
        let tree = ProcessTree.descendants(of: running.process.processIdentifier)
        #expect(tree.count > 2, "agent and test processes run")
        kill(running.process.processIdentifier, SIGKILL)
        _ = Harness.finish(running)
        let alive = ProcessTree.waitUntilGone(tree.filter { $0 != running.process.processIdentifier }, seconds: 5)
        #expect(alive.isEmpty, "outlived a SIGKILLed controller: \(alive.map(ProcessTree.commandLine))")
    }

    @Test func twoRunsInOneWorkspaceBothFinishAndBothAddToTheHistory() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let first = try Harness.start(Harness.fanoutPath, ["run", suite, "-n", "2", "--json", suite + "/a.json"])
        let second = try Harness.start(Harness.fanoutPath, ["run", suite, "-n", "2", "--json", suite + "/b.json"])
        let results = [Harness.finish(first), Harness.finish(second)]
        #expect(results.map(\.exitCode) == [1, 1], "\(results.map(\.stderr))")
        let reports = try ["a", "b"].map {
            try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/\($0).json")))
        }
        #expect(reports[0].counts == reports[1].counts)
        let history = try JSONDecoder().decode(
            History.self, from: Data(contentsOf: URL(fileURLWithPath: suite + "/.fanout/history.json")))
        let slow = try #require(history.tests["tests/test_slow.py::test_slow_one"])
        #expect(slow.durations.values.count == 2, "both runs' durations are kept: \(slow.durations.values)")
    }
}
