import Foundation
import Testing

/// The namespace test hosts from Deploy/testhosts.sh. They have no Swift toolchain: they run the agent that
/// `swift build` made, as any host would.
enum TestHosts {
    static let stateDirectory =
        ProcessInfo.processInfo.environment["FANOUT_TESTHOSTS_DIR"] ?? "/var/lib/fanout-testhosts"
    static let sshConfig = stateDirectory + "/ssh_config"
    static let knownHosts = stateDirectory + "/known_hosts"
    /// The agent `swift build` made, next to `fanout`: what a run uploads when given no `--agent`.
    static var agent: String {
        URL(fileURLWithPath: Harness.fanoutPath).deletingLastPathComponent().appendingPathComponent("fanout-agent").path
    }

    /// Host names that are up, from the state directory.
    static var names: [String] {
        guard let text = try? String(contentsOfFile: stateDirectory + "/hosts", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// CI sets FANOUT_REQUIRE_TEST_HOSTS=1 after bringing the hosts up, so there a missing host fails the
    /// tests instead of skipping them.
    static var required: Bool { ProcessInfo.processInfo.environment["FANOUT_REQUIRE_TEST_HOSTS"] == "1" }

    static var available: Bool {
        required || names.count >= 3
    }

    /// Hosts for the suites that run beside SSHFanOutTests (Django's databases, regrtest): that suite cuts links,
    /// kills agents and breaks rsync on h1 to h3, which would take a host out from under a test running beside it.
    static let apart = ["h4", "h5"]

    static var apartAvailable: Bool {
        required || Set(names).isSuperset(of: apart)
    }

    /// `fanout run` arguments that reach the test hosts with their config; the agent is the default one.
    static func runArguments(hosts: [String] = Array(names.prefix(3))) -> [String] {
        [
            "--ssh-config", sshConfig, "--hosts", hosts.joined(separator: ","), "--python", python,
        ]
    }

    /// This machine's interpreter; the test hosts see it at the same path.
    static var python: String {
        (try? Harness.run("python3", ["-c", "import sys; print(sys.executable)"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? "python3"
    }

    /// Runs a command on a test host with the system ssh client.
    static func ssh(_ host: String, _ command: String) throws -> Harness.Result {
        try Harness.run("ssh", ["-n", "-F", sshConfig, "-o", "BatchMode=yes", host, command])
    }

    /// The pid of `host`'s listening sshd.
    static func sshdPID(_ host: String) -> Int32? {
        (try? String(contentsOfFile: "\(stateDirectory)/\(host)/sshd.pid", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Runs `command` inside `host`'s namespaces (its network, mounts and hostname) without going through its
    /// link, which a test may have cut.
    static func onHost(_ host: String, _ command: String) throws -> Harness.Result {
        guard let pid = sshdPID(host) else { return Harness.Result(exitCode: 127, stdout: "", stderr: "no sshd") }
        return try Harness.run("nsenter", ["-t", String(pid), "-m", "-n", "-u", "sh", "-c", command])
    }

    /// Live processes in `host`'s network namespace whose command line contains `text`.
    static func pids(on host: String, containing text: String) -> [Int32] {
        guard let sshd = sshdPID(host), let namespace = networkNamespace(sshd) else { return [] }
        return ProcessTree.pids(containing: text).filter { networkNamespace($0) == namespace }
    }

    /// The processes `host`'s agents started (warm workers, test processes and what they started).
    static func testProcesses(on host: String) -> [Int32] {
        let agents = pids(on: host, containing: "fanout-agent --serve")
        return agents.flatMap { ProcessTree.descendants(of: $0) }.filter { !agents.contains($0) }
    }

    static func networkNamespace(_ pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net")
    }

    /// Drops every packet to and from `host` (`up: true` restores its link): no reset, only silence.
    static func link(_ host: String, up: Bool) throws {
        _ = try Harness.run("/usr/bin/env", ["ip", "link", "set", "fo-\(host)", up ? "up" : "down"])
    }

    /// Limits traffic to `host` to `rate` (a tc rate such as `4mbit`); nil lifts the limit.
    static func shape(_ host: String, rate: String?) throws {
        _ = try Harness.run("/usr/bin/env", ["tc", "qdisc", "del", "dev", "fo-\(host)", "root"])
        if let rate {
            _ = try Harness.run(
                "/usr/bin/env",
                [
                    "tc", "qdisc", "add", "dev", "fo-\(host)", "root", "tbf", "rate", rate, "burst", "32kbit",
                    "latency", "400ms",
                ])
        }
    }
}
