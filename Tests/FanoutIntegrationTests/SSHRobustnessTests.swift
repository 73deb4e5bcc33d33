import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hosts that fail in the ways real ones do, alone and in combination: every run asserts every test's exact
/// final outcome (none missing or doubled) and that nothing of Fanout's is left running on any host.
extension SSHFanOutTests {
    /// Waits up to `seconds` for `condition`.
    func wait(_ seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }

    func expectEveryTestPassedOnce(_ result: RunReport, count: Int) {
        #expect(result.tests.count == count, "\(result.tests.map(\.id))")
        #expect(Set(result.tests.map(\.id)).count == count, "every test exactly once")
        #expect(result.tests.allSatisfy { $0.outcome == .passed })
        #expect(result.notRun.isEmpty)
    }

    @Test func anAgentKilledOnOneHostLosesNoTestAndLeavesNothingThere() throws {
        let suite = try makeSleepySuite(files: 12, seconds: 1)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let running = try Harness.start(
            Harness.fanoutPath, ["run", suite, "-n", "2", "--json", json] + TestHosts.runArguments())
        #expect(wait(30) { !TestHosts.testProcesses(on: "h2").isEmpty }, "h2 never ran a test")
        let tests = TestHosts.testProcesses(on: "h2")
        for agent in TestHosts.pids(on: "h2", containing: "fanout-agent --serve") { kill(agent, SIGKILL) }
        let run = Harness.finish(running)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let result = try report(json)
        expectEveryTestPassedOnce(result, count: 12)
        #expect(result.problems.contains { $0.hasPrefix("host h2 lost") }, "\(result.problems)")
        #expect(ProcessTree.waitUntilGone(tests, seconds: 5).isEmpty, "the killed agent's tests outlived it")
        #expect(wait(5) { TestHosts.pids(on: "h2", containing: "/.cache/fanout/").isEmpty }, "left on h2")
    }

    @Test func aHostCutOffMidBatchStopsItsOwnTestsWhileItsWorkRunsElsewhere() throws {
        let suite = try makeSleepySuite(files: 6, seconds: 6)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let running = try Harness.start(
            Harness.fanoutPath,
            ["run", suite, "-n", "1", "--heartbeat-timeout", "4", "--json", json] + TestHosts.runArguments())
        #expect(wait(30) { !TestHosts.testProcesses(on: "h2").isEmpty }, "h2 never ran a test")
        let tests = TestHosts.testProcesses(on: "h2")
        try TestHosts.link("h2", up: false)
        defer { try? TestHosts.link("h2", up: true) }
        // Cut off, h2's agent hears no heartbeat: it stops its tests and exits on its own, link still down.
        #expect(ProcessTree.waitUntilGone(tests, seconds: 12).isEmpty, "h2 kept its tests running")
        #expect(wait(3) { TestHosts.pids(on: "h2", containing: "/.cache/fanout/").isEmpty }, "h2 kept its agent")
        let run = Harness.finish(running)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let result = try report(json)
        expectEveryTestPassedOnce(result, count: 6)
        #expect(result.problems.contains { $0.hasPrefix("host h2 lost: nothing heard") }, "\(result.problems)")
    }

    @Test func aControllerKilledWhileAHostIsCutOffLeavesNothingOnAnyHostWithinTheHeartbeatTimeout() throws {
        let suite = try makeSleepySuite(files: 6, seconds: 30)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let running = try Harness.start(
            Harness.fanoutPath, ["run", suite, "-n", "1", "--heartbeat-timeout", "4"] + TestHosts.runArguments())
        let hosts = ["h1", "h2", "h3"]
        #expect(wait(30) { hosts.allSatisfy { !TestHosts.testProcesses(on: $0).isEmpty } })
        let tests = hosts.flatMap { TestHosts.testProcesses(on: $0) }
        try TestHosts.link("h3", up: false)
        defer { try? TestHosts.link("h3", up: true) }
        kill(running.process.processIdentifier, SIGKILL)
        _ = Harness.finish(running)
        // h1 and h2 see their connection end at once; h3, cut off, only misses the heartbeats.
        #expect(ProcessTree.waitUntilGone(tests, seconds: 8).isEmpty, "tests outlived their controller")
        for host in hosts {
            #expect(
                wait(8) { TestHosts.pids(on: host, containing: "/.cache/fanout/").isEmpty },
                "\(host) still runs: \(TestHosts.pids(on: host, containing: "/.cache/fanout/").map(ProcessTree.commandLine))"
            )
        }
    }

    @Test func aStoppedSSHServerMidRunLosesNoTest() throws {
        let suite = try makeSleepySuite(files: 9, seconds: 2)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let running = try Harness.start(
            Harness.fanoutPath,
            ["run", suite, "-n", "1", "--heartbeat-timeout", "4", "--json", json] + TestHosts.runArguments())
        #expect(wait(30) { !TestHosts.testProcesses(on: "h3").isEmpty }, "h3 never ran a test")
        let tests = TestHosts.testProcesses(on: "h3")
        // Every sshd of h3 stops: the listener and the session processes that carry the agent's channel.
        let sshd = TestHosts.pids(on: "h3", containing: "sshd")
        for pid in sshd { kill(pid, SIGSTOP) }
        defer { for pid in sshd { kill(pid, SIGCONT) } }
        let run = Harness.finish(running)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let result = try report(json)
        expectEveryTestPassedOnce(result, count: 9)
        #expect(result.problems.contains { $0.hasPrefix("host h3 lost") }, "\(result.problems)")
        #expect(ProcessTree.waitUntilGone(tests, seconds: 8).isEmpty, "h3 kept its tests running")
    }

    @Test func twoRunsOfOneWorkspaceOnOneHostUseADirectoryEachAndBothFinish() throws {
        let suite = try makeSleepySuite(files: 4, seconds: 2)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let arguments = ["run", suite, "-n", "2"] + TestHosts.runArguments(hosts: ["h1"])
        let first = try Harness.start(Harness.fanoutPath, arguments + ["--json", suite + "/a.json"])
        usleep(300_000)
        let second = try Harness.start(Harness.fanoutPath, arguments + ["--json", suite + "/b.json"])
        let runs = [Harness.finish(first), Harness.finish(second)]
        #expect(runs.map(\.exitCode) == [0, 0], "\(runs.map(\.stdout))")
        for name in ["a", "b"] { expectEveryTestPassedOnce(try report(suite + "/\(name).json"), count: 4) }
        let directories = runs.compactMap { run in
            run.stdout.split(separator: "\n").first { $0.contains(" into /") }?.components(separatedBy: " into ").last
        }
        #expect(Set(directories).count == 2, "one run may never sync into the other's copy: \(directories)")
        #expect(directories.contains { $0.hasSuffix("-2") }, "\(directories)")
    }
}
