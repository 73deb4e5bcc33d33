import CLibSSH2
import FanoutPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Checks a server's host key against known_hosts as strictly as OpenSSH: the user's files, then the system's.
/// A known host that offers another key, of its type or of another type, is a changed key and refused, also
/// with `acceptNewHostKeys`; a `@revoked` key is refused; only a host that no line names is new, and its key
/// is recorded (with `acceptNewHostKeys`) under a lock, one write per line.
struct HostKeyVerifier {
    let session: OpaquePointer
    let target: SSHTarget

    static let typeNames: [Int32: String] = [
        1: "ssh-rsa", 2: "ssh-dss", 3: "ecdsa-sha2-nistp256", 4: "ecdsa-sha2-nistp384", 5: "ecdsa-sha2-nistp521",
        6: "ssh-ed25519",
    ]

    func verify() throws {
        var length = 0
        var type: Int32 = 0
        guard let keyPointer = libssh2_session_hostkey(session, &length, &type) else {
            throw SSHError(.handshake, host: target.label, "the server sent no host key")
        }
        let key = [UInt8](UnsafeRawBufferPointer(start: keyPointer, count: length))
        let typeName = Self.typeNames[type] ?? "unknown"
        let offered = "\(typeName) \(fingerprint)"
        let files = target.knownHostsFiles + target.globalKnownHostsFiles
        let name = target.knownHostsName
        switch HostKeyVerdict.judge(
            key: key, name: name, knownHosts: KnownHosts(files: files), hmacSHA1: KnownHosts.hmacSHA1)
        {
        case .match:
            return
        case .revoked(let file, let line):
            throw SSHError(
                .changedHostKey, host: target.label,
                "the host key of \(name) (\(offered)) is REVOKED in \(file) line \(line); Fanout never accepts it. "
                    + "Ask the host's administrator for its new key.")
        case .changed(let known):
            let listed = known.map { "\($0.keyType) in \($0.file) line \($0.line)" }.joined(separator: "; ")
            throw SSHError(
                .changedHostKey, host: target.label,
                "the host key of \(name) has CHANGED: it now offers \(offered), which is not the key known for it "
                    + "(\(listed)). This can mean someone is intercepting the connection. If the host was reinstalled, "
                    + "verify the new key and remove the old one with `ssh-keygen -R '\(name)'`; Fanout never replaces "
                    + "a known key, not even with --accept-new-host-keys.")
        case .unknown:
            guard target.acceptNewHostKeys, let file = target.knownHostsFiles.first else {
                throw SSHError(
                    .unknownHostKey, host: target.label,
                    "\(name) is not a known host (checked \(files.isEmpty ? "no files" : files.joined(separator: ", "))); "
                        + "it offers \(offered). Verify the fingerprint, then connect once with `ssh \(name)` or pass "
                        + "--accept-new-host-keys to record it.")
            }
            try KnownHostsRecorder(file: file, host: target.label, hashNames: target.hashKnownHosts)
                .record(name: name, keyType: typeName, key: key)
        }
    }

    /// OpenSSH's fingerprint of the server's key.
    private var fingerprint: String {
        guard let hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256) else { return "(no fingerprint)" }
        return KnownHostsFile.fingerprint(sha256: [UInt8](UnsafeRawBufferPointer(start: hash, count: 32)))
    }
}
