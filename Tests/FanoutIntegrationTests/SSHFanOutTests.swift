import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs over SSH to the namespace hosts from Deploy/testhosts.sh (CI brings up three).
@Suite(.serialized, .enabled(if: TestHosts.available, "needs Deploy/testhosts.sh up 3 and the static agent"))
struct SSHFanOutTests {
    func report(_ path: String) throws -> RunReport {
        try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func outcomes(_ report: RunReport) -> [String: Outcome] {
        Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
    }

    @Test func theBundledSuiteOverSSHMatchesALocalRun() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let local = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/local.json"])
        #expect(local.exitCode == 1, "\(local.stderr)")
        try? FileManager.default.removeItem(atPath: suite + "/.fanout")
        let remote = try Harness.fanout(["run", suite, "--json", suite + "/remote.json"] + TestHosts.runArguments())
        #expect(remote.exitCode == 1, "\(remote.stdout)\n\(remote.stderr)")
        let localReport = try report(suite + "/local.json")
        let remoteReport = try report(suite + "/remote.json")
        #expect(outcomes(remoteReport) == outcomes(localReport))
        #expect(remoteReport.counts == localReport.counts)
        #expect(remoteReport.tests.allSatisfy { ["h1", "h2", "h3"].contains($0.worker?.host ?? "") })
        // The tests ran inside the host's copy of the workspace, not the controller's.
        let broken = remoteReport.tests.first { $0.id == "tests/test_broken_import.py" }
        #expect(broken?.details?.contains("/.cache/fanout/workspaces/") == true)
    }

    @Test func everyHostRunsTestsOnAnAgentWithoutASwiftToolchain() throws {
        let suite = try makeSleepySuite(files: 24, seconds: 1)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let run = try Harness.fanout(
            ["run", suite, "-n", "3", "--json", suite + "/report.json"] + TestHosts.runArguments())
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        let result = try report(suite + "/report.json")
        #expect(result.tests.count == 24)
        #expect(Set(result.tests.compactMap { $0.worker?.host }) == ["h1", "h2", "h3"])
        // The namespace hosts share this machine's kernel: with fewer CPUs than hosts, they take turns at warming up.
        if sysconf(Int32(_SC_NPROCESSORS_ONLN)) < 3 {
            #expect(run.stdout.contains("shares one kernel and its"), "\(run.stdout)")
        }
        // -n sets the slots of every host, whatever its CPU count.
        #expect(result.workers.count == 9)
        #expect(Set(result.workers.map(\.host)) == ["h1", "h2", "h3"])
        for host in ["h1", "h2", "h3"] {
            let toolchain = try TestHosts.ssh(host, "ls -A /opt/swift | wc -l; command -v swift || echo no-swift")
            #expect(toolchain.stdout == "0\nno-swift\n", "\(host) has a Swift toolchain: \(toolchain.stdout)")
        }
    }

    @Test func anUnknownHostIsRefusedWithItsFingerprint() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let empty = suite + "/empty_known_hosts"
        FileManager.default.createFile(atPath: empty, contents: Data())
        let run = try Harness.fanout(["run", suite, "--known-hosts", empty] + TestHosts.runArguments(hosts: ["h1"]))
        #expect(run.exitCode == 4)
        #expect(run.stdout.contains("h1: 10.231.47.11 is not a known host"), "\(run.stdout)")
        #expect(run.stdout.contains("ssh-ed25519 SHA256:"))
        #expect(try String(contentsOfFile: empty, encoding: .utf8).isEmpty)
    }

    @Test func acceptingNewHostKeysRecordsThemAndTheNextRunIsStrict() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let file = suite + "/known_hosts"
        let first = try Harness.fanout(
            ["run", suite, "--known-hosts", file, "--accept-new-host-keys"] + TestHosts.runArguments(hosts: ["h2"]))
        #expect(first.exitCode == 0, "\(first.stdout)")
        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        #expect(recorded.hasPrefix("10.231.47.12 ssh-ed25519 "))
        let second = try Harness.fanout(["run", suite, "--known-hosts", file] + TestHosts.runArguments(hosts: ["h2"]))
        #expect(second.exitCode == 0)
    }

    @Test func aChangedHostKeyIsRefusedEvenWhenAcceptingNewKeys() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let otherKey = suite + "/other_key"
        _ = try Harness.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey])
        let publicKey = try String(contentsOfFile: otherKey + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
        let file = suite + "/known_hosts"
        try "10.231.47.11 \(publicKey)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Harness.fanout(
            ["run", suite, "--known-hosts", file, "--accept-new-host-keys"] + TestHosts.runArguments(hosts: ["h1"]))
        #expect(run.exitCode == 4)
        #expect(run.stdout.contains("the host key of 10.231.47.11 has CHANGED"), "\(run.stdout)")
        #expect(run.stdout.contains("SHA256:"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "10.231.47.11 \(publicKey)\n")
    }

    @Test func aSecondRunSyncsOnlyWhatChangedAndIgnoredFilesStayHome() throws {
        let suite = try makeSleepySuite(files: 6, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try "secret.txt\nbuild/\n".write(toFile: suite + "/.gitignore", atomically: true, encoding: .utf8)
        try "do not copy".write(toFile: suite + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: suite + "/build", withIntermediateDirectories: true)
        try "artifact".write(toFile: suite + "/build/out.bin", atomically: true, encoding: .utf8)
        let arguments = ["run", suite] + TestHosts.runArguments(hosts: ["h3"])
        let first = try Harness.fanout(arguments)
        #expect(first.exitCode == 0, "\(first.stdout)")
        #expect(first.stdout.contains("h3: agent"))
        let remote = try #require(
            first.stdout.split(separator: "\n").first { $0.contains("into /") }?
                .components(separatedBy: " into ").last)
        let listing = try TestHosts.ssh("h3", "cd \(remote) && find . -type f | sort")
        #expect(listing.stdout.contains("./tests/test_sleep_00.py"))
        #expect(listing.stdout.contains("./.gitignore"))
        #expect(!listing.stdout.contains("secret.txt"))
        #expect(!listing.stdout.contains("build/"))
        let unchanged = try Harness.fanout(arguments)
        #expect(unchanged.stdout.contains("synced 0 files (0 bytes)"), "\(unchanged.stdout)")
        try "def test_changed():\n    assert True\n".write(
            toFile: suite + "/tests/test_sleep_03.py", atomically: true, encoding: .utf8)
        let changed = try Harness.fanout(arguments)
        #expect(changed.stdout.contains("h3: agent cached, synced 1 files"), "\(changed.stdout)")
        #expect(changed.exitCode == 0)
    }

    @Test func sshAgentIdentitiesAuthenticateWhenNoKeyFileDoes() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let config = suite + "/ssh_config"
        try """
        Host h1
            HostName 10.231.47.11
            User root
            IdentityFile \(suite)/no_such_key
            UserKnownHostsFile \(TestHosts.knownHosts)
        """.write(toFile: config, atomically: true, encoding: .utf8)
        var arguments = ["run", suite] + TestHosts.runArguments(hosts: ["h1"])
        arguments[arguments.firstIndex(of: TestHosts.sshConfig)!] = config
        let withoutAgent = try Harness.fanout(arguments, environment: ["SSH_AUTH_SOCK": suite + "/no-agent.sock"])
        #expect(withoutAgent.exitCode == 4)
        #expect(withoutAgent.stdout.contains("no key was accepted for root@10.231.47.11"), "\(withoutAgent.stdout)")

        let socket = suite + "/agent.sock"
        let agent = try Harness.start("ssh-agent", ["-D", "-a", socket])
        // SIGKILL: ssh-agent -D may be blocked writing its debug output into a pipe nobody reads.
        defer { kill(agent.process.processIdentifier, SIGKILL) }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(20_000) }
        let added = try Harness.run(
            "ssh-add", [TestHosts.stateDirectory + "/client_ed25519"], environment: ["SSH_AUTH_SOCK": socket])
        #expect(added.exitCode == 0, "\(added.stderr)")
        let withAgent = try Harness.fanout(arguments, environment: ["SSH_AUTH_SOCK": socket])
        #expect(withAgent.exitCode == 0, "\(withAgent.stdout)")
    }

    @Test func hostsCheckShowsATableRowPerHost() throws {
        let run = try Harness.fanout(
            [
                "hosts", "check", "--ssh-config", TestHosts.sshConfig, "--hosts", "h1,h2,h3", "--agent",
                TestHosts.agent,
            ])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("host  address") == true)
        for host in ["h1", "h2", "h3"] {
            let row = lines.first { $0.hasPrefix(host + " ") }
            #expect(row?.contains("yes    ok    ok        yes") == true, "\(row ?? "no row for \(host)")")
        }
    }

    @Test func isolatedFileSurvivesALostHostWithOneSetupAndOneTeardown() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/isolated")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try "h2\n".write(toFile: suite + "/kill-agent-on", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        // Two hosts, not three: on a 2-CPU machine a third would wait its turn at warming up and could miss the
        // isolated file altogether, and h2 must get a slice of it for the kill to happen.
        let run = try Harness.fanout(
            ["run", suite, "-n", "2", "--json", json] + TestHosts.runArguments(hosts: ["h1", "h2"]))
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        let report = try report(json)
        #expect(report.problems.contains { $0.hasPrefix("host h2 lost") }, "\(report.problems)")
        let cluster = report.tests.filter { $0.scope == "tests/test_cluster.py" }
        #expect(cluster.map(\.id).sorted() == (0..<12).map { "tests/test_cluster.py::test_node[\($0)]" }.sorted())
        #expect(cluster.allSatisfy { $0.outcome == .passed })
        #expect(report.tests.count == 18)
        let clusterHosts = Set(cluster.compactMap { $0.worker?.host })
        #expect(clusterHosts.contains("h1"))
        // The teardown ran on the controller after every test, including those requeued from h2.
        try ClusterLog(suite: suite).expectIsolated(report)
    }

    @Test func aCutLinkIsDetectedByHeartbeatsAndItsWorkRunsElsewhere() throws {
        let suite = try makeSleepySuite(files: 30, seconds: 1.5)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let started = Date()
        let running = try Harness.start(
            Harness.fanoutPath, ["run", suite, "-n", "2", "--json", json] + TestHosts.runArguments())
        Thread.sleep(forTimeInterval: 5)
        // Packets to and from h2 are dropped from now on: no reset, no error, only silence.
        let cut = try Harness.run("/usr/bin/env", ["ip", "link", "set", "fo-h2", "down"])
        #expect(cut.exitCode == 0, "\(cut.stderr)")
        let run = Harness.finish(running)
        let wall = Date().timeIntervalSince(started)
        _ = try Harness.run("/usr/bin/env", ["ip", "link", "set", "fo-h2", "up"])
        #expect(run.exitCode == 0, "\(run.stdout)\n\(run.stderr)")
        let result = try report(json)
        #expect(
            result.problems.contains { $0.hasPrefix("host h2 lost: nothing heard from its agent") },
            "\(result.problems)")
        #expect(result.tests.count == 30)
        #expect(Set(result.tests.map(\.id)).count == 30, "every test exactly once")
        #expect(result.tests.allSatisfy { $0.outcome == .passed })
        #expect(wall < 60, "detected and finished in bounded time, took \(wall) s")
        print("cut-link run: \(String(format: "%.1f", wall)) s wall; \(result.problems)")
    }

    /// A workspace of `files` test files, each with one test sleeping `seconds`.
    func makeSleepySuite(files: Int, seconds: Double) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fanout-ssh-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: root + "/tests", withIntermediateDirectories: true)
        try "[pytest]\ntestpaths = tests\n".write(toFile: root + "/pytest.ini", atomically: true, encoding: .utf8)
        for index in 0..<files {
            try "import time\n\ndef test_sleep():\n    time.sleep(\(seconds))\n".write(
                toFile: root + String(format: "/tests/test_sleep_%02d.py", index), atomically: true, encoding: .utf8)
        }
        return root
    }
}

extension SSHFanOutTests {
    @Test(.enabled(if: Chromium.available, "needs Debian's chromium"))
    func theHTMLReportOfAThreeHostRunRendersItsTimelineAndFailuresInABrowser() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let html = suite + "/report.html"
        let run = try Harness.fanout(
            ["run", suite, "--json", suite + "/report.json", "--html", html] + TestHosts.runArguments())
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        let result = try report(suite + "/report.json")
        let (dom, console) = try Chromium.render(html)
        #expect(console.isEmpty, "the page's scripts said: \(console)")
        #expect(dom.contains("data-rendered=\"yes\""), "the script ran to its end")
        #expect(dom.components(separatedBy: "class=\"batch\"").count - 1 == result.batches.count)
        #expect(Set(result.workers.map(\.host)) == ["h1", "h2", "h3"])
        for worker in result.workers { #expect(dom.contains(">\(worker.description)</text>"), "a lane for \(worker)") }
        #expect(dom.contains("Failures (\(result.failures.count))"))
        for failure in result.failures {
            let escaped = failure.id.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
            #expect(dom.contains(escaped), "\(failure.id) is listed")
        }
        #expect(dom.contains("\(result.tests.count) of \(result.tests.count) tests"))
    }
}

extension SSHFanOutTests {
    @Test func artifactsTestsWroteOnEveryHostComeBackAndAreGoneFromTheHosts() throws {
        let suite = try makeSleepySuite(files: 0, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        for index in 0..<6 {
            try """
            import os

            def test_writes_a_report():
                os.makedirs("reports/deep", exist_ok=True)
                name = "%s-%d.txt" % (os.environ["FANOUT_WORKER"], \(index))
                with open(os.path.join("reports/deep", name), "w") as handle:
                    handle.write("from %s\\n" % os.environ["FANOUT_HOST"])
                with open("not-an-artifact-\(index).log", "w") as handle:
                    handle.write("stays\\n")

            """.write(toFile: suite + "/tests/test_report_\(index).py", atomically: true, encoding: .utf8)
        }
        try "artifacts = [\"reports/**\"]\n".write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "1", "--json", json] + TestHosts.runArguments())
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let result = try report(json)
        #expect(result.tests.count == 6 && result.tests.allSatisfy { $0.outcome == .passed })
        var expected: Set<String> = []
        for test in result.tests {
            let index = test.scope.dropFirst("tests/test_report_".count).prefix(1)
            let worker = try #require(test.worker)
            expected.insert("\(worker.host)/reports/deep/\(worker)-\(index).txt")
        }
        let root = suite + "/.fanout/artifacts/"
        let found = Set(
            (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
                $0.hasSuffix(".txt")
            })
        #expect(found == expected, "\(run.stdout)")
        for path in expected {
            let host = String(path.prefix { $0 != "/" })
            #expect(try String(contentsOfFile: root + path, encoding: .utf8) == "from \(host)\n")
        }
        #expect(!found.contains { $0.contains("not-an-artifact") })
        for host in Set(result.tests.compactMap { $0.worker?.host }) {
            let count = result.tests.filter { $0.worker?.host == host }.count
            let files = count == 1 ? "file" : "files"
            #expect(
                run.stdout.contains("\(host): \(count) artifact \(files) brought back into .fanout/artifacts/\(host)"))
            let left = try TestHosts.ssh(host, "find ~/.cache/fanout/workspaces/*/reports -type f 2>/dev/null | wc -l")
            #expect(left.stdout == "0\n", "\(host) kept artifacts that were brought back")
        }
    }
}
