import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Faults injected on the namespace hosts: each test asserts the final outcome of every test, and that none
/// is missing or counted twice. In SSHFanOutTests' suite, so no two runs share the hosts at once.
extension SSHFanOutTests {
    @Test func aTestThatKillsEveryHostItRunsOnIsQuarantinedAfterTwoAndTheRestRunsOnce() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/host-killer")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "1", "--json", json] + TestHosts.runArguments())
        #expect(run.exitCode == 1, "\(run.stdout)\n\(run.stderr)")
        let result = try report(json)
        var expected: [String: Outcome] = ["test_kills_its_host.py::test_reported_before_the_kill": .passed]
        for file in 1...6 {
            expected["test_fine_\(file).py::test_fine_\(file)_a"] = .passed
            expected["test_fine_\(file).py::test_fine_\(file)_b"] = .passed
        }
        // Whether an agent said which test started before that test killed it is a race: the quarantine
        // names the test when it did, else the rest of its file.
        let killerID =
            result.tests.contains { $0.id == "test_kills_its_host.py::test_takes_its_host_down" }
            ? "test_kills_its_host.py::test_takes_its_host_down" : "test_kills_its_host.py"
        expected[killerID] = .error
        #expect(result.tests.count == expected.count, "every test exactly once")
        #expect(outcomes(result) == expected)
        let killer = result.tests.first { $0.id == killerID }
        #expect(killer?.message?.contains("were each lost while") == true, "\(killer?.message ?? "")")
        let lost = result.problems.filter { $0.contains(" lost: ") }
        #expect(lost.count == 2, "\(result.problems)")
        #expect(result.notRun.isEmpty)
    }

    @Test func aKilledTestProcessAHangAndAFlakyTestEndExactlyOverSSH() throws {
        let crash = try Harness.copyOfSuite("Tests/Fixtures/crash")
        defer { try? FileManager.default.removeItem(atPath: crash) }
        try """
        import os
        import signal


        def test_before_the_kill():
            pass


        def test_killed_with_sigkill():
            os.kill(os.getpid(), signal.SIGKILL)


        def test_after_the_kill():
            pass
        """.write(toFile: crash + "/test_sigkill.py", atomically: true, encoding: .utf8)
        let crashRun = try Harness.fanout(["run", crash, "--json", crash + "/r.json"] + TestHosts.runArguments())
        #expect(crashRun.exitCode == 1, "\(crashRun.stdout)")
        let crashed = try report(crash + "/r.json")
        #expect(
            outcomes(crashed) == [
                "test_crash.py::test_before_crash": .passed, "test_crash.py::test_segfault": .error,
                "test_crash.py::test_after_crash": .passed, "test_crash.py::test_after_crash_fails": .failed,
                "test_neighbour.py::test_in_the_same_batch": .passed,
                "test_sigkill.py::test_before_the_kill": .passed, "test_sigkill.py::test_killed_with_sigkill": .error,
                "test_sigkill.py::test_after_the_kill": .passed,
            ])
        #expect(crashed.tests.count == 8)
        let killed = crashed.tests.first { $0.id == "test_sigkill.py::test_killed_with_sigkill" }
        #expect(killed?.message?.contains("SIGKILL") == true, "\(killed?.message ?? "")")

        let timeout = try Harness.copyOfSuite("Tests/Fixtures/timeout")
        defer { try? FileManager.default.removeItem(atPath: timeout) }
        let hangRun = try Harness.fanout(
            ["run", timeout, "--timeout", "2", "--json", timeout + "/r.json"] + TestHosts.runArguments())
        #expect(hangRun.exitCode == 1, "\(hangRun.stdout)")
        let hung = try report(timeout + "/r.json")
        #expect(
            outcomes(hung) == [
                "test_timeout.py::test_before": .passed, "test_timeout.py::test_stuck": .timeout,
                "test_timeout.py::test_after": .passed,
            ])
        let stuck = hung.tests.first { $0.id == "test_timeout.py::test_stuck" }
        #expect(stuck?.details?.contains("in helper_thread_waits") == true, "every thread's stack, from the host")

        // The flaky fixture keeps its state in the workspace, so its retry must see the same host's copy.
        let flaky = try Harness.copyOfSuite("Tests/Fixtures/flaky")
        defer { try? FileManager.default.removeItem(atPath: flaky) }
        let flakyRun = try Harness.fanout(
            ["run", flaky, "-n", "2", "--retries", "1", "--json", flaky + "/r.json"]
                + TestHosts.runArguments(hosts: ["h2"]))
        #expect(flakyRun.exitCode == 1, "\(flakyRun.stdout)")
        let retried = try report(flaky + "/r.json")
        #expect(
            outcomes(retried) == [
                "test_flaky.py::test_fails_the_first_time_only": .passed, "test_flaky.py::test_always_fails": .failed,
                "test_flaky.py::test_passes": .passed,
            ])
        #expect(retried.tests.first { $0.id == "test_flaky.py::test_fails_the_first_time_only" }?.isFlaky == true)
        #expect(retried.counts.total == 3)
    }

    @Test func aTerminatedSSHRunLeavesNoProcessOnAnyHost() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/hang")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let token = "fanout-ssh-hang-\(UUID().uuidString.prefix(8))"
        let json = suite + "/report.json"
        let running = try Harness.start(
            Harness.fanoutPath,
            [
                "run", suite, "--json", json, "--env", "FANOUT_HANG_TOKEN=\(token)", "--env",
                "FANOUT_HANG_MARKER=started",
            ]
                + TestHosts.runArguments())
        // The hanging test's grandchild carries the token in its command line (the controller's has it too).
        func grandchildren() -> [Int32] {
            processes(containing: token).filter { $0 != running.process.processIdentifier }
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && grandchildren().isEmpty { usleep(100_000) }
        #expect(!grandchildren().isEmpty, "the hanging test's child never started on a host")
        #expect(!agents(of: suite).isEmpty, "agents run on the hosts")
        // SIGTERM, as a CI system stopping a job sends it, does what Ctrl-C does.
        kill(running.process.processIdentifier, SIGTERM)
        let result = Harness.finish(running)
        #expect(result.exitCode == 2, "\(result.stdout)\(result.stderr)")
        let partial = try report(json)
        #expect(partial.interrupted)
        #expect(!partial.tests.contains { $0.id.contains("test_hangs") })
        usleep(500_000)
        #expect(grandchildren().isEmpty, "a test's grandchild survived on a host")
        #expect(agents(of: suite).isEmpty, "an agent survived its controller")
    }

    @Test func aHostWithoutRsyncOrWithAFullDiskIsLeftOutWithWhatToDo() throws {
        let suite = try makeSleepySuite(files: 6, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        // More than the full disk below holds.
        try Data(count: 256 * 1024).write(to: URL(fileURLWithPath: suite + "/tests/data.bin"))
        let noRsync = try TestHosts.ssh("h3", "mount --bind /dev/null /usr/bin/rsync")
        #expect(noRsync.exitCode == 0, "\(noRsync.stderr)")
        let full = try TestHosts.ssh(
            "h2", "mkdir -p ~/.cache/fanout/workspaces && mount -t tmpfs -o size=64k tmpfs ~/.cache/fanout/workspaces")
        #expect(full.exitCode == 0, "\(full.stderr)")
        defer {
            _ = try? TestHosts.ssh("h3", "umount /usr/bin/rsync")
            _ = try? TestHosts.ssh("h2", "umount ~/.cache/fanout/workspaces")
        }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "--json", json] + TestHosts.runArguments())
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("h3: rsync is not installed on the host; install it"), "\(run.stdout)")
        #expect(run.stdout.contains("h2: the disk is full"), "\(run.stdout)")
        let result = try report(json)
        #expect(result.tests.count == 6)
        #expect(Set(result.tests.compactMap { $0.worker?.host }) == ["h1"])
    }

    /// A sync that fails for another reason than a full disk (here the host's rsync is killed the first time it
    /// runs) is tried once more, and the host keeps its slots.
    @Test func aSyncThatFailsOnceIsRetriedAndTheHostRuns() throws {
        let suite = try makeSleepySuite(files: 2, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        // The host's /tmp is its own; the bind mount is its own too.
        let failOnce = try TestHosts.ssh(
            "h1",
            """
            cp /usr/bin/rsync /tmp/rsync-real && rm -f /tmp/rsync-failed \
            && printf '#!/bin/sh\\n[ -e /tmp/rsync-failed ] || { touch /tmp/rsync-failed; kill -9 $$; }\\nexec /tmp/rsync-real "$@"\\n' > /tmp/rsync-once \
            && chmod +x /tmp/rsync-once && mount --bind /tmp/rsync-once /usr/bin/rsync
            """)
        #expect(failOnce.exitCode == 0, "\(failOnce.stderr)")
        defer {
            _ = try? TestHosts.ssh(
                "h1", "umount /usr/bin/rsync; rm -f /tmp/rsync-once /tmp/rsync-real /tmp/rsync-failed")
        }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "--json", json] + TestHosts.runArguments(hosts: ["h1"]))
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(!run.stdout.contains("unavailable"), "\(run.stdout)")
        let failed = try TestHosts.ssh("h1", "test -e /tmp/rsync-failed")
        #expect(failed.exitCode == 0, "the first sync was made to fail")
        let result = try report(json)
        #expect(result.tests.count == 2)
        #expect(Set(result.tests.compactMap { $0.worker?.host }) == ["h1"])
    }

    @Test func theSyncCopiesSymlinksAsLinksAndNeverWhatTheyPointToOutsideTheWorkspace() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        let outside = try Harness.emptyDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: suite)
            try? FileManager.default.removeItem(atPath: outside)
        }
        let secret = "fanout-secret-\(UUID().uuidString)"
        try secret.write(toFile: outside + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: suite + "/secret-link", withDestinationPath: outside + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: suite + "/outside-dir", withDestinationPath: outside)
        let run = try Harness.fanout(["run", suite] + TestHosts.runArguments(hosts: ["h1"]))
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        let workspace = "~/.cache/fanout/workspaces/*"
        let check = try TestHosts.ssh(
            "h1",
            "for w in \(workspace); do test -L \"$w/secret-link\" && test -L \"$w/outside-dir\" && echo links; done; "
                + "grep -r -l \(secret) ~/.cache/fanout 2>/dev/null | wc -l")
        #expect(check.stdout == "links\n0\n", "\(check.stdout)\(check.stderr)")
    }

    @Test func anSSHRunWritesOnTheHostOnlyUnderItsCacheAndListensNowhere() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        _ = try TestHosts.ssh("h1", "touch /run/fanout-marker && sleep 1")
        let running = try Harness.start(Harness.fanoutPath, ["run", suite] + TestHosts.runArguments(hosts: ["h1"]))
        var listening: [String] = []
        while running.process.isRunning {
            let ours = agents(of: suite)
            let tree = ours.flatMap { ProcessTree.descendants(of: $0) }
            listening += ProcessTree.listeningSockets(of: tree + [running.process.processIdentifier])
            usleep(100_000)
        }
        let result = Harness.finish(running)
        #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
        #expect(listening.isEmpty, "\(listening)")
        // The host's /root, /tmp and /dev/shm are its own: anything new there came from this run (the slots'
        // temporary directories on /dev/shm are gone with it).
        let written = try TestHosts.ssh(
            "h1",
            "find /root /tmp /dev/shm -newer /run/fanout-marker -not -path '/root/.cache/fanout*' "
                + "-not -path /root -not -path /tmp -not -path /dev/shm -not -path /root/.cache | head -20")
        #expect(written.stdout.isEmpty, "written outside the workspace and cache: \(written.stdout)")
    }

    @Test func hostileTestIDsAndAHostWorkspacePathFullOfMetacharactersSurviveTheShell() throws {
        let suite = try Harness.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let expected = try HostileSuite.write(into: suite)
        let workspace = "~/ws $(touch /tmp/PWNED) 'q' \\\"d\\\" ;`touch /tmp/PWNED2` é"
        try """
        [[hosts]]
        name = "h1"
        workspace = "\(workspace)"
        """.write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "-report.json"
        defer { try? FileManager.default.removeItem(atPath: json) }
        let run = try Harness.fanout(
            [
                "run", suite, "--split", "test_hostile_ids.py", "--json", json, "--ssh-config", TestHosts.sshConfig,
                "--python", TestHosts.python,
            ])
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        let result = try report(json)
        #expect(result.tests.map(\.id).sorted() == expected.sorted())
        #expect(Set(result.tests.compactMap { $0.worker?.host }) == ["h1"])
        #expect(Set(result.tests.compactMap { $0.worker }).count > 1, "the file ran as slices on several slots")
        for host in ["h1"] {
            let pwned = try TestHosts.ssh(host, "ls /tmp/PWNED* ~/PWNED* 2>/dev/null | wc -l")
            #expect(pwned.stdout == "0\n", "a shell ran part of a path or id on \(host)")
        }
        let literal = try TestHosts.ssh("h1", "ls -d ~/ws\\ * | wc -l")
        #expect(literal.stdout == "1\n", "the workspace exists under its literal name: \(literal.stdout)")
        _ = try TestHosts.ssh("h1", "rm -rf ~/ws\\ *")
    }

    /// Agents (and workspace lock holders) serving the run of `suite`: other suites run agents on the same hosts
    /// at the same time, so only those whose host workspace is named after this suite's directory count.
    func agents(of suite: String) -> [Int32] {
        let name = (suite as NSString).lastPathComponent
        return processes(containing: "/.cache/fanout/agents/").filter {
            ProcessTree.workingDirectory($0).contains(name) || ProcessTree.commandLine($0).contains(name)
        }
    }

    /// Command lines of live processes (on this machine and every namespace host) that contain `text`.
    func processes(containing text: String) -> [Int32] {
        ProcessTree.pids(containing: text).filter { $0 != getpid() }
    }
}
