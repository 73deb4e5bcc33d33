import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Host setup that meets a stalled link, a silent server, a hanging shell or a workspace path that would let
/// rsync delete what is not Fanout's: the host is left out in bounded time with the stage named, nothing
/// outside Fanout's directories changes, and the run goes on with the other hosts.
extension SSHFanOutTests {
    /// `hosts` for a run, with `extra` entries appended to a config of the test hosts.
    func config(_ suite: String, extra: String) throws -> String {
        let path = suite + "/ssh_config"
        try (try String(contentsOfFile: TestHosts.sshConfig, encoding: .utf8) + "\n" + extra).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func arguments(hosts: [String], sshConfig: String? = nil) -> [String] {
        var arguments = TestHosts.runArguments(hosts: hosts)
        if let sshConfig { arguments[arguments.firstIndex(of: TestHosts.sshConfig)!] = sshConfig }
        return arguments
    }

    @Test func aHostWhoseSetupCommandFailsIsLeftOutWithItsOutputAndTheOtherRunsEverything() throws {
        let suite = try makeSleepySuite(files: 6, seconds: 0.1)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try """
        [[host_setup]]
        run = ["sh", "-c", "test \\"$FANOUT_HOST\\" != h2 || { echo no wheel for this host; exit 9; }"]
        inputs = ["pytest.ini"]
        """.write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "--json", json] + arguments(hosts: ["h1", "h2"]))
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("host h2 lost: host setup"), "\(run.stdout)")
        #expect(run.stdout.contains("failed (exit status 9)") && run.stdout.contains("no wheel for this host"))
        let report = try report(json)
        expectEveryTestPassedOnce(report, count: 6)
        #expect(report.tests.allSatisfy { $0.worker?.host == "h1" }, "h2 took no work")
        let again = try Harness.fanout(["run", suite] + arguments(hosts: ["h1"]))
        #expect(again.stdout.contains("skipped: its inputs are unchanged"), "\(again.stdout)")
    }

    @Test func everySlotOnEveryHostSetsUpItsOwnAndTearsItDownThere() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/worker-setup")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let log = "teardown-\(UUID().uuidString).log"
        try """
        [[worker_setup]]
        run = ["sh", "-c", "mkdir -p .workers && echo $TMPDIR $FANOUT_GLOBAL_SLOT > .workers/$FANOUT_WORKER"]
        teardown = ["sh", "-c", "echo $FANOUT_GLOBAL_SLOT $FANOUT_WORKER >> \(log) && rm .workers/$FANOUT_WORKER"]
        """.write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "--max-batch-files", "1", "--json", json] + arguments(hosts: ["h1", "h2"]))
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        expectEveryTestPassedOnce(try report(json), count: 4)
        var torn: [String] = []
        for host in ["h1", "h2"] {
            let seen = try TestHosts.ssh(
                host, "for f in ~/.cache/fanout/workspaces/*/\(log); do cat \"$f\"; ls -A \"${f%/*}/.workers\"; done")
            torn += seen.stdout.split(separator: "\n").map(String.init)
        }
        let slots = torn.compactMap { $0.split(separator: " ").first.flatMap { Int($0) } }
        #expect(torn.count == slots.count, "no file is left in .workers: \(torn)")
        #expect(Set(slots).count == slots.count && slots.count >= 2, "each slot tore down once: \(torn)")
        #expect(Set(torn.compactMap { $0.split(separator: " ").last?.split(separator: "-").first }) == ["h1", "h2"])
    }

    @Test func aLinkCutDuringTheAgentUploadCachesNothingAndTheRunGoesOnWithoutTheHost() throws {
        let suite = try makeSleepySuite(files: 4, seconds: 5)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        _ = try TestHosts.ssh("h1", "rm -rf ~/.cache/fanout/agents")
        try TestHosts.shape("h1", rate: "4mbit")
        defer { try? TestHosts.shape("h1", rate: nil) }
        let json = suite + "/report.json"
        let running = try Harness.start(
            Harness.fanoutPath,
            ["run", suite, "--setup-timeout", "3", "--json", json] + arguments(hosts: ["h1", "h2"]))
        let uploading = wait(30) {
            (try? TestHosts.onHost("h1", "ls ~/.cache/fanout/agents/*/.upload-* 2>/dev/null"))?.stdout.isEmpty == false
        }
        #expect(uploading, "the upload to h1 never began")
        try TestHosts.link("h1", up: false)
        let run = Harness.finish(running)
        try TestHosts.link("h1", up: true)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("h1: uploading the agent to /root/.cache/fanout/agents/"), "\(run.stdout)")
        #expect(run.stdout.contains("made no progress for 3 s"), "\(run.stdout)")
        #expect(run.stdout.contains("nothing was cached"), "\(run.stdout)")
        expectEveryTestPassedOnce(try report(json), count: 4)
        let cached = try TestHosts.onHost("h1", "ls ~/.cache/fanout/agents/*/fanout-agent 2>/dev/null | wc -l")
        #expect(cached.stdout == "0\n", "a cut-off upload was cached")
        try TestHosts.shape("h1", rate: nil)
        let again = try Harness.fanout(["run", suite, "--json", json] + arguments(hosts: ["h1"]))
        #expect(again.exitCode == 0, "\(again.stdout)")
        #expect(again.stdout.contains("h1: agent uploaded"), "the next run uploads it whole: \(again.stdout)")
    }

    @Test func aCachedAgentOfTheWrongSizeIsUploadedAgainAndOneOfTheRightSizeIsUsed() throws {
        let suite = try makeSleepySuite(files: 2, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        _ = try Harness.fanout(["run", suite] + arguments(hosts: ["h1"]))
        _ = try TestHosts.ssh("h1", "truncate -s -1 ~/.cache/fanout/agents/*/fanout-agent")
        let damaged = try Harness.fanout(["run", suite] + arguments(hosts: ["h1"]))
        #expect(damaged.exitCode == 0, "\(damaged.stdout)\(damaged.stderr)")
        #expect(damaged.stdout.contains("h1: agent uploaded"), "a cut-short agent was run: \(damaged.stdout)")
        let again = try Harness.fanout(["run", suite] + arguments(hosts: ["h1"]))
        #expect(again.exitCode == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("h1: agent cached"), "\(again.stdout)")
    }

    @Test func anUploadLongerThanTheKeepaliveIntervalCompletesOnASlowLink() throws {
        let suite = try makeSleepySuite(files: 2, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        _ = try TestHosts.ssh("h1", "rm -rf ~/.cache/fanout/agents")
        // About ten seconds for the agent: libssh2's keepalive came due while the upload's write was half sent,
        // and that was once taken for a lost connection.
        try TestHosts.shape("h1", rate: "24mbit")
        defer { try? TestHosts.shape("h1", rate: nil) }
        let run = try Harness.fanout(["run", suite] + arguments(hosts: ["h1"]))
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("h1: agent uploaded"), "\(run.stdout)")
    }

    @Test func aLinkCutDuringTheSyncLeavesTheHostOutWithTheStageNamed() throws {
        let suite = try makeSleepySuite(files: 4, seconds: 6)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        var random = SystemRandomNumberGenerator()
        try Data((0..<(8 << 20)).map { _ in UInt8.random(in: 0...255, using: &random) }).write(
            to: URL(fileURLWithPath: suite + "/data.bin"))
        // The agent goes up fast; the workspace then crawls.
        _ = try Harness.fanout(["run", suite] + arguments(hosts: ["h1"]))
        _ = try TestHosts.ssh("h1", "rm -rf ~/.cache/fanout/workspaces")
        try TestHosts.shape("h1", rate: "4mbit")
        defer { try? TestHosts.shape("h1", rate: nil) }
        let json = suite + "/report.json"
        let started = Date()
        let running = try Harness.start(
            Harness.fanoutPath,
            ["run", suite, "--setup-timeout", "3", "--json", json] + arguments(hosts: ["h1", "h2"]))
        #expect(wait(30) { !TestHosts.pids(on: "h1", containing: "rsync --server").isEmpty }, "no sync began")
        try TestHosts.link("h1", up: false)
        let run = Harness.finish(running)
        try TestHosts.link("h1", up: true)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("h1: syncing the workspace with rsync failed"), "\(run.stdout)")
        expectEveryTestPassedOnce(try report(json), count: 4)
        #expect(Date().timeIntervalSince(started) < 45, "the stalled sync was given up in bounded time")
    }

    @Test func aServerThatAcceptsAndSaysNothingAndAHostWhoseCommandsHangAreLeftOutInTime() throws {
        let suite = try makeSleepySuite(files: 2, seconds: 6)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        // On h3, a listener that accepts connections and never says a word.
        let silent = try Harness.start(
            "/usr/bin/env",
            [
                "nsenter", "-t", String(TestHosts.sshdPID("h3") ?? 0), "-n", "python3", "-c",
                "import socket, time\ns = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                    + "s.bind(('10.231.47.13', 2222)); s.listen(8)\nheld = []\n"
                    + "while True: held.append(s.accept())",
            ])
        defer { kill(silent.process.processIdentifier, SIGKILL) }
        // On h2, every session's start runs ~/.ssh/rc first: make that hang, as a broken shell profile would.
        _ = try TestHosts.ssh("h2", "mkdir -p ~/.ssh && printf 'sleep 120\\n' > ~/.ssh/rc")
        defer { _ = try? TestHosts.onHost("h2", "rm -f ~/.ssh/rc") }
        let sshConfig = try config(
            suite,
            extra: """
                Host silent
                    HostName 10.231.47.13
                    Port 2222
                    User root
                    IdentityFile \(TestHosts.stateDirectory)/client_ed25519
                    UserKnownHostsFile \(TestHosts.knownHosts)
                """)
        let started = Date()
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "--setup-timeout", "3", "--json", json]
                + arguments(hosts: ["h1", "h2", "silent"], sshConfig: sshConfig))
        let wall = Date().timeIntervalSince(started)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("silent: the SSH handshake did not finish within 3 s"), "\(run.stdout)")
        #expect(run.stdout.contains("h2: probing the host made no progress for 3 s"), "\(run.stdout)")
        expectEveryTestPassedOnce(try report(json), count: 2)
        #expect(Set(try report(json).tests.compactMap { $0.worker?.host }) == ["h1"])
        #expect(wall < 20, "left out within the timeouts, took \(wall) s")
    }

    @Test func anAgentThatStartsAndNeverSaysHelloIsLeftOutAtTheSetupTimeout() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        // A stand-in agent: it holds the workspace lock as the real one does, then, started to serve, says nothing.
        let source = suite + "/mute_agent.c"
        try """
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            char buffer[256];
            if (argc > 1 && strcmp(argv[1], "--hold-lock") == 0) {
                printf("locked\\n");
                fflush(stdout);
                while (read(0, buffer, sizeof buffer) > 0) {}
                return 0;
            }
            while (read(0, buffer, sizeof buffer) > 0) {}
            return 0;
        }
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let compiled = try Harness.run("cc", ["-O", "-o", suite + "/mute-agent", source])
        #expect(compiled.exitCode == 0, "\(compiled.stderr)")
        let started = Date()
        let run = try Harness.fanout(
            ["run", suite, "--setup-timeout", "3", "--agent", suite + "/mute-agent"] + arguments(hosts: ["h1"]))
        #expect(run.exitCode == 3, "no host is left: \(run.stdout)\(run.stderr)")
        #expect(
            run.stdout.contains(
                "h1 unavailable: its agent was started but did not say hello within 3 s (stage: agent start)"),
            "\(run.stdout)")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test(arguments: ["/root", "~", "~/..", "/", "~/.ssh/..", "existing"])
    func aWorkspaceWhereRsyncWouldDeleteWhatIsNotFanoutsIsRefusedAndNothingChanges(workspace: String) throws {
        let suite = try makeSleepySuite(files: 2, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        _ = try TestHosts.ssh(
            "h1", "mkdir -p ~/existing ~/.ssh && echo keep > ~/existing/mine.txt && echo key > ~/.ssh/keep")
        let configured = workspace == "existing" ? "~/existing" : workspace
        try "[[hosts]]\nname = \"h1\"\nworkspace = \"\(configured)\"\n\n[[hosts]]\nname = \"h2\"\n".write(
            toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let listing = "find / -xdev -path /proc -prune -o -newer /run/fanout-workspace-marker -print 2>/dev/null"
        _ = try TestHosts.ssh("h1", "touch /run/fanout-workspace-marker && sleep 1")
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "--json", json, "--ssh-config", TestHosts.sshConfig, "--python", TestHosts.python])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("h1: refusing to sync into"), "\(run.stdout)")
        #expect(run.stdout.contains("Nothing was transferred"))
        expectEveryTestPassedOnce(try report(json), count: 2)
        // The hosts share this machine's disk, where the database servers of Deploy/databases.sh write as they run.
        let servers = ["/var/lib/postgresql", "/var/log/postgresql", "/var/lib/mysql", "/var/log/mysql"]
        let changed = try TestHosts.ssh("h1", listing).stdout.split(separator: "\n")
            .filter { !$0.hasPrefix("/root/.cache/fanout") && !$0.hasPrefix("/proc") && !$0.hasPrefix("/run/sshd") }
            .filter { path in !servers.contains { path == $0 || path.hasPrefix($0 + "/") } }
        #expect(changed.isEmpty, "changed on h1 outside Fanout's cache: \(changed)")
        let kept = try TestHosts.ssh("h1", "cat ~/existing/mine.txt ~/.ssh/keep")
        #expect(kept.stdout == "keep\nkey\n")
    }
}
