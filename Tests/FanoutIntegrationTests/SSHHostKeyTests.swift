import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Host keys and client keys as OpenSSH treats them, against the namespace hosts' real sshd.
extension SSHFanOutTests {
    /// An ssh_config for `host` with its own known_hosts files (`user`, and `global` when given).
    func keyConfig(_ suite: String, user: String, global: String? = nil, identity: String? = nil) throws -> String {
        let path = suite + "/ssh_config_keys"
        try """
        Host h1
            HostName 10.231.47.11
            User root
            IdentityFile \(identity ?? TestHosts.stateDirectory + "/client_ed25519")
            UserKnownHostsFile \(user)
            GlobalKnownHostsFile \(global ?? suite + "/no_global_known_hosts")
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// h1's line of the test hosts' known_hosts.
    func h1KnownHostsLine() throws -> String {
        let lines = try String(contentsOfFile: TestHosts.knownHosts, encoding: .utf8).split(separator: "\n")
        return String(try #require(lines.first { $0.hasPrefix("10.231.47.11 ") }))
    }

    func runOnH1(_ suite: String, config: String, _ extra: [String] = []) throws -> Harness.Result {
        try Harness.fanout(
            ["run", suite, "--ssh-config", config, "--hosts", "h1", "--python", TestHosts.python] + extra)
    }

    @Test func aKnownHostOfferingAKeyOfAnotherTypeIsChangedNeverNewEvenWhenAcceptingNewKeys() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let other = suite + "/other_ecdsa"
        _ = try Harness.run("ssh-keygen", ["-q", "-t", "ecdsa", "-N", "", "-f", other])
        let ecdsa = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
        let known = suite + "/known_hosts"
        let line = "10.231.47.11 \(ecdsa.joined(separator: " "))\n"
        try line.write(toFile: known, atomically: true, encoding: .utf8)
        let run = try runOnH1(suite, config: try keyConfig(suite, user: known), ["--accept-new-host-keys"])
        #expect(run.exitCode == 4, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("has CHANGED: it now offers ssh-ed25519"), "\(run.stdout)")
        #expect(run.stdout.contains("ecdsa-sha2-nistp256 in \(known) line 1"), "\(run.stdout)")
        #expect(try String(contentsOfFile: known, encoding: .utf8) == line, "nothing recorded")
    }

    @Test func hashedUserEntriesAndTheSystemFileVerifyAndARevokedKeyIsRefused() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let hashed = suite + "/hashed_known_hosts"
        try (try h1KnownHostsLine() + "\n").write(toFile: hashed, atomically: true, encoding: .utf8)
        _ = try Harness.run("ssh-keygen", ["-q", "-H", "-f", hashed])
        #expect(try String(contentsOfFile: hashed, encoding: .utf8).hasPrefix("|1|"))
        let viaHash = try runOnH1(suite, config: try keyConfig(suite, user: hashed))
        #expect(viaHash.exitCode == 0, "a hashed entry verifies: \(viaHash.stdout)")
        let empty = suite + "/empty_known_hosts"
        FileManager.default.createFile(atPath: empty, contents: Data())
        let global = suite + "/global_known_hosts"
        try (try h1KnownHostsLine() + "\n").write(toFile: global, atomically: true, encoding: .utf8)
        let viaGlobal = try runOnH1(suite, config: try keyConfig(suite, user: empty, global: global))
        #expect(viaGlobal.exitCode == 0, "the system's file is read after the user's: \(viaGlobal.stdout)")
        #expect(try String(contentsOfFile: empty, encoding: .utf8).isEmpty)
        let key = try h1KnownHostsLine().split(separator: " ").dropFirst().joined(separator: " ")
        try (try h1KnownHostsLine() + "\n@revoked * \(key)\n").write(toFile: global, atomically: true, encoding: .utf8)
        let revoked = try runOnH1(suite, config: try keyConfig(suite, user: empty, global: global))
        #expect(revoked.exitCode == 4, "\(revoked.stdout)")
        #expect(revoked.stdout.contains("is REVOKED in \(global) line 2"), "\(revoked.stdout)")
    }

    @Test func hostsSetUpInParallelRecordTheirNewKeysAsWholeLines() throws {
        let suite = try makeSleepySuite(files: 3, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        for round in 0..<3 {
            let file = suite + "/known_hosts_\(round)"
            let run = try Harness.fanout(
                ["run", suite, "--known-hosts", file, "--accept-new-host-keys"] + TestHosts.runArguments())
            #expect(run.exitCode == 0, "\(run.stdout)")
            let lines = try String(contentsOfFile: file, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last == "", "the file ends with a newline")
            let entries = lines.dropLast()
            #expect(entries.count == 3, "\(entries)")
            #expect(
                Set(entries.map { $0.split(separator: " ")[0] }) == ["10.231.47.11", "10.231.47.12", "10.231.47.13"])
            #expect(entries.allSatisfy { $0.split(separator: " ").count == 3 && $0.contains(" ssh-ed25519 AAAA") })
        }
    }

    @Test func anEncryptedKeyWithoutAnAgentOrATerminalSaysHowToLoadIt() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let key = try encryptedClientKey(suite)
        let config = try keyConfig(suite, user: TestHosts.knownHosts, identity: key)
        let run = try Harness.fanout(
            ["run", suite, "--ssh-config", config, "--hosts", "h1", "--python", TestHosts.python],
            environment: ["SSH_AUTH_SOCK": ""])
        #expect(run.exitCode == 4, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("The key \(key) is protected by a passphrase"), "\(run.stdout)")
        #expect(run.stdout.contains("ssh-add \(key)"))
    }

    @Test func anEncryptedKeyIsAskedForOnceAtATerminal() throws {
        let suite = try makeSleepySuite(files: 1, seconds: 0)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let key = try encryptedClientKey(suite)
        let config = try keyConfig(suite, user: TestHosts.knownHosts, identity: key)
        // A terminal for fanout, driven by Python's pty: type the passphrase when asked.
        let driver = """
            import os, pty, sys
            pid, fd = pty.fork()
            if pid == 0:
                os.environ.pop("SSH_AUTH_SOCK", None)
                os.execv(sys.argv[1], sys.argv[1:])
            seen = b""
            answered = 0
            while True:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if seen.count(b"Enter passphrase for key") > answered:
                    answered += 1
                    os.write(fd, b"sesame\\n")
            _, status = os.waitpid(pid, 0)
            print("prompts=%d exit=%d" % (answered, os.waitstatus_to_exitcode(status)))
            """
        let run = try Harness.run(
            "python3",
            [
                "-c", driver, Harness.fanoutPath, "run", suite, "--ssh-config", config, "--hosts", "h1", "--python",
                TestHosts.python,
            ])
        #expect(run.stdout.hasSuffix("prompts=1 exit=0\n"), "\(run.stdout)")
    }

    /// A copy of the test hosts' client key, protected by the passphrase `sesame`.
    func encryptedClientKey(_ suite: String) throws -> String {
        let key = suite + "/client_key_encrypted"
        try FileManager.default.copyItem(atPath: TestHosts.stateDirectory + "/client_ed25519", toPath: key)
        try FileManager.default.copyItem(atPath: TestHosts.stateDirectory + "/client_ed25519.pub", toPath: key + ".pub")
        chmod(key, 0o600)
        let protect = try Harness.run("ssh-keygen", ["-q", "-p", "-P", "", "-N", "sesame", "-f", key])
        #expect(protect.exitCode == 0, "\(protect.stderr)")
        return key
    }
}
