import FanoutSSH
import Foundation
import Testing

/// Host keys judged as OpenSSH judges them: a known host that offers any other key is a changed key, never a
/// new host; hashed names, patterns, `[host]:port`, `@revoked` and `@cert-authority` lines read as `ssh` reads them.
@Suite struct KnownHostsTests {
    let ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIHXC4H7I4CwQ5aUCz9bSu2K4uqQ1YFlXh7g0mJp0v8q1"
    let otherEd25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIBd3xZ0J7yH6Xn2lqvPzK1Zr6c1Qv5Jm8qkZr2Vq3ZxW"
    let ecdsa = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPp3Xz9m4q2l8yqA"

    func blob(_ base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64)!) }

    func judge(_ key: String, _ name: String, _ text: String) -> HostKeyVerdict {
        HostKeyVerdict.judge(
            key: blob(key), name: name, knownHosts: KnownHosts(parsing: text, file: "known_hosts"),
            hmacSHA1: KnownHosts.hmacSHA1)
    }

    @Test func hmacSHA1MatchesRFC2202() {
        let digest = KnownHosts.hmacSHA1(key: Array(repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        #expect(digest.map { String(format: "%02x", $0) }.joined() == "b617318655057264e28bc0b6fb378c8ef146be00")
    }

    @Test func theSameKeyMatchesAndAnotherKeyOfAnyTypeIsAChange() {
        let text = "10.0.0.7,buildbox ssh-ed25519 \(ed25519)\n"
        #expect(judge(ed25519, "10.0.0.7", text) == .match)
        #expect(judge(ed25519, "BUILDBOX", text) == .match, "names compare case-insensitively")
        guard case .changed(let known) = judge(otherEd25519, "10.0.0.7", text) else {
            Issue.record("another key of the same type was not a change")
            return
        }
        #expect(known.map(\.line) == [1])
        guard case .changed = judge(ecdsa, "10.0.0.7", text) else {
            Issue.record("a key of another type was taken for a new host")
            return
        }
        #expect(judge(ecdsa, "10.0.0.8", text) == .unknown)
    }

    @Test func portsWildcardsAndNegationsAreOpenSSHs() {
        let text = """
            [10.0.0.7]:2200 ssh-ed25519 \(ed25519)
            *.farm.example,!bad.farm.example ssh-ed25519 \(ed25519)
            """
        #expect(judge(ed25519, "[10.0.0.7]:2200", text) == .match)
        #expect(judge(ed25519, "10.0.0.7", text) == .unknown, "the port is part of the name")
        #expect(judge(ed25519, "node1.farm.example", text) == .match)
        #expect(judge(ed25519, "bad.farm.example", text) == .unknown)
    }

    @Test func hashedNamesWrittenByOpenSSHVerifyAndPinTheirType() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("known_hosts").path
        try "10.0.0.7 ssh-ed25519 \(ed25519)\n[h.example]:2222 ssh-ed25519 \(ed25519)\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let hashing = Process()
        hashing.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        hashing.arguments = ["-q", "-H", "-f", file]
        hashing.standardOutput = FileHandle.nullDevice
        hashing.standardError = FileHandle.nullDevice
        try hashing.run()
        hashing.waitUntilExit()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("|1|") && !text.contains("10.0.0.7"), "ssh-keygen -H hashed the names: \(text)")
        let known = KnownHosts(parsing: text, file: file)
        #expect(known.entries(for: "10.0.0.7", hmacSHA1: KnownHosts.hmacSHA1).map(\.keyType) == ["ssh-ed25519"])
        #expect(judge(ed25519, "[h.example]:2222", text) == .match)
        guard case .changed = judge(ecdsa, "10.0.0.7", text) else {
            Issue.record("a hashed host offering another type was not a change")
            return
        }
        #expect(judge(ed25519, "10.0.0.9", text) == .unknown)
    }

    @Test func aRevokedKeyIsRefusedEvenWhereAnotherLineListsIt() {
        let text = """
            10.0.0.7 ssh-ed25519 \(ed25519)
            @revoked * ssh-ed25519 \(ed25519)
            """
        #expect(judge(ed25519, "10.0.0.7", text) == .revoked(file: "known_hosts", line: 2))
    }

    @Test func aCertificateAuthorityLineIsNoHostKey() {
        let text = "@cert-authority *.farm.example ssh-ed25519 \(ed25519)\n"
        #expect(judge(ed25519, "node1.farm.example", text) == .unknown, "a CA's key is not the host's key")
        #expect(KnownHosts(parsing: text, file: "f").entries.first?.marker == .certAuthority)
    }

    @Test func linesThatAreNotEntriesAreSkippedNotMisread() {
        let text = """
            # a comment
            @unknown-marker 10.0.0.7 ssh-ed25519 \(ed25519)
            10.0.0.7 ssh-ed25519 not-base64!!
            |1|broken ssh-ed25519 \(ed25519)
            10.0.0.7
            """
        #expect(KnownHosts(parsing: text, file: "f").entries.isEmpty)
    }
}
