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
}
