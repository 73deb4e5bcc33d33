import CLibSSH2
import Foundation

/// Checks a server's host key against known_hosts: strict by default; with `acceptNewHostKeys` an unknown
/// host's key is recorded, but a changed key is always refused.
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
        let hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256).map {
            [UInt8](UnsafeRawBufferPointer(start: $0, count: 32))
        }
        let fingerprint = hash.map { KnownHostsFile.fingerprint(sha256: $0) } ?? "(no fingerprint)"
        guard let hosts = libssh2_knownhost_init(session) else {
            throw SSHError(.handshake, host: target.label, "libssh2 could not read known hosts")
        }
        defer { libssh2_knownhost_free(hosts) }
        let files = target.knownHostsFiles.filter { FileManager.default.fileExists(atPath: $0) }
        for file in files where fanout_ssh_knownhost_read(hosts, file) < 0 {
            throw SSHError(.handshake, host: target.label, "cannot read known hosts file \(file)")
        }
        let check = key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                fanout_ssh_knownhost_check(hosts, target.address, Int32(target.port), $0.baseAddress, length, type)
            }
        }
        let location = target.knownHostsFiles.joined(separator: ", ")
        switch check {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
            throw SSHError(
                .changedHostKey, host: target.label,
                "the host key of \(target.knownHostsName) has CHANGED: it now offers \(typeName) \(fingerprint), "
                    + "which does not match \(location). This can mean someone is intercepting the connection. If the "
                    + "host was reinstalled, verify the new key and remove the old one with "
                    + "`ssh-keygen -R '\(target.knownHostsName)'`; Fanout never replaces a changed key.")
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
            if target.acceptNewHostKeys, let file = target.knownHostsFiles.first {
                try record(KnownHostsFile.entry(name: target.knownHostsName, keyType: typeName, key: key), in: file)
                return
            }
            throw SSHError(
                .unknownHostKey, host: target.label,
                "\(target.knownHostsName) is not a known host (checked \(location.isEmpty ? "no files" : location)); "
                    + "it offers \(typeName) \(fingerprint). Verify the fingerprint, then connect once with "
                    + "`ssh \(target.knownHostsName)` or pass --accept-new-host-keys to record it.")
        default:
            throw SSHError(.handshake, host: target.label, "checking the host key failed (\(check))")
        }
    }

    private func record(_ entry: String, in file: String) throws {
        let directory = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: file) {
            FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: file) else {
            throw SSHError(.handshake, host: target.label, "cannot record the host key in \(file)")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(entry.utf8))
    }
}
